from django.utils.functional import SimpleLazyObject

from careerhub.accounts.actors import actor_for


class ActorMiddleware:
    """Attach ``request.actor``, computed lazily once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: actor_for(request.user))
        return self.get_response(request)
