"""Content: the claims table (what people say online, with a verdict) and its demonstrations, the policy timeline."""

from ..core.lazy import submodules

__getattr__, __dir__ = submodules(__name__, __path__)
