"""api_desk (routes added by the change that builds it)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
