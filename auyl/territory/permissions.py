"""Territory and residents actions are foundation actions, declared in auyl.core.permissions."""
