"""Realistic demo data: the community of seed 002 or the street of seed 001, exactly."""

from gridapp.demo.build import Cancelled, build_demo

__all__ = ["build_demo", "Cancelled"]
