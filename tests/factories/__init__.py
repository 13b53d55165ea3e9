"""factory_boy factories shared by every test package (style.md G23)."""

from .configuration import AreaFactory, LocalBodyFactory, UserFactory, professional

__all__ = ["AreaFactory", "LocalBodyFactory", "UserFactory", "professional"]
