"""Arithmetic helpers."""


def add(a, b):
    return b + a


def mul(a, b):
    # multiply
    result = a * b
    return result


def div(a, b):
    """Divide a by b."""
    if b == 0:
        raise ZeroDivisionError("b is zero")
    return a / b
