"""The fields a browser would submit from a page's forms, read from the HTML (stdlib only)."""

from html.parser import HTMLParser

SKIPPED_INPUTS = {"file", "submit", "button", "image", "reset"}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
        elif self._form is None or "disabled" in attrs:  # a browser sends no disabled field
            return
        elif tag == "input":
            kind = attrs.get("type", "text").lower()
            name = attrs.get("name")
            if not name or kind in SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form["fields"].append(
                [name, attrs.get("value", "on" if kind == "checkbox" else "")]
            )
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]
        elif tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["selected"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            # A browser drops the newline that follows <textarea> (Django's widget writes one).
            if value.startswith("\r\n"):
                value = value[2:]
            elif value.startswith("\n"):
                value = value[1:]
            self._form["fields"].append([name, value])
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"]
            if chosen is None:
                chosen = self._select["first"]
            if chosen is not None:
                self._form["fields"].append([self._select["name"], chosen])
            self._select = None


def page_forms(html):
    """Every <form> of the page: {"attrs": {...}, "fields": [[name, value], ...]}."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with(html, field_name):
    """The fields ({name: value}) of the first form that has a field `field_name`, or None."""
    for form in page_forms(html):
        fields = dict(form["fields"])
        if field_name in fields:
            return form["attrs"], fields
    return None
