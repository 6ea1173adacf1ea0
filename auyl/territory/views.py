from django.http import HttpResponse


def resident_list(request):
    return HttpResponse("residents: to be built")
