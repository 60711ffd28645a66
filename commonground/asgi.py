import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")

from commonground.lib.checks import refuse_insecure_secret_key

refuse_insecure_secret_key()
application = get_asgi_application()
