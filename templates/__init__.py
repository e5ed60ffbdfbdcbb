"""podpub's built-in Jinja2 templates; a show overrides any of them in <show>/templates/."""
