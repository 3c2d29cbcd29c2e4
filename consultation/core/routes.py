"""The views that page models route to, registered by the public layer.

Page models sit at the bottom of the code and views at the top; a model that imported its views
would tie every layer into one cycle. A page's `@path` method names the view it wants
(`"chapter.paragraph"`), and `consultation.public` registers the function under that name when
the app starts (`ConsultationConfig.ready`).
"""

_views = {}


def register(name):
    """Decorator: the view `name` is this function, called as `view(request, page, *args)`."""

    def decorator(view):
        _views[name] = view
        return view

    return decorator


def serve(name, request, page, *args, **kwargs):
    return _views[name](request, page, *args, **kwargs)
