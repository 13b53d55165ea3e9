"""The demo-data registry: each app contributes its own steps from `<app>/demo.py`.

`manage.py seed_demo` imports every installed app's `demo` module, which registers
steps with `@demo_step(order=…)`; later issues add steps without touching a central
file. Steps write through `DemoContext.upsert`, so running the command twice
changes nothing and reports every row unchanged.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass
class DemoLogin:
    username: str
    role: str
    area: str


@dataclass
class DemoContext:
    counts: Counter = field(default_factory=Counter)
    logins: list[DemoLogin] = field(default_factory=list)

    def upsert(
        self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
    ) -> models.Model:
        """Create the row, or update only the fields whose value differs."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model._default_manager.create(**lookup, **values)
            self.counts["created"] += 1
            return obj
        changed = [
            name for name, value in values.items() if getattr(obj, name) != value
        ]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            self.counts["updated"] += 1
        else:
            self.counts["unchanged"] += 1
        return obj


@dataclass(frozen=True)
class DemoStep:
    order: int
    name: str
    func: Callable[[DemoContext], None]


_steps: dict[str, DemoStep] = {}


def demo_step(*, order: int) -> Callable:
    """Register `f(ctx: DemoContext)` as a demo step; lower orders run first."""

    def register(func: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        name = f"{func.__module__}.{func.__qualname__}"
        _steps[name] = DemoStep(order=order, name=name, func=func)
        return func

    return register


def registered_steps() -> list[DemoStep]:
    return sorted(_steps.values(), key=lambda step: (step.order, step.name))
