"""Core: the one error type, input checks, money and dates. Imports nothing else of the package."""
