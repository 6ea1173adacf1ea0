from django.shortcuts import render

from auyl.territory import selectors


def home(request):
    query = request.GET.get("q", "")
    results = selectors.search_territories(query, primary_only=True, limit=50) if query else []
    return render(request, "portal/home.html", {"query": query, "results": results})


def rural_district(request, code):
    return render(request, "portal/rural_district.html", selectors.rural_district_page(code))
