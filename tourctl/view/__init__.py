"""Stage four: what one audience may see of a valid plan (``audience``), read by every output."""

from tourctl.view.audience import (
    ContactView,
    EventView,
    PlanView,
    TourView,
    VenueView,
    audience_view,
    time_order,
)

__all__ = [
    "ContactView",
    "EventView",
    "PlanView",
    "TourView",
    "VenueView",
    "audience_view",
    "time_order",
]
