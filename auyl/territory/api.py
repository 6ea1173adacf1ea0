from ninja import Router

territories_router = Router(tags=["territories"])
residents_router = Router(tags=["residents"])
