"""Helpers that keep `load_demo` idempotent: a second run changes nothing, not even history."""


def upsert(model, lookup, defaults=None, manager=None):
    """Get the row matching `lookup` and update only the fields that differ, or create it.

    Returns (obj, created). Saves (and so records history) only when something changed.
    """
    manager = manager or model._default_manager
    defaults = defaults or {}
    obj = manager.filter(**lookup).first()
    if obj is None:
        return manager.create(**lookup, **defaults), True
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save()
    return obj, False
