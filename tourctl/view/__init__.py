"""Stage four: what one audience may see of a valid plan (``audience``), read by every output."""

from tourctl.view.audience import (
    ContactView,
    EndpointView,
    EventView,
    LegView,
    PersonRef,
    PersonView,
    PlanView,
    StayView,
    TourView,
    VenueView,
    audience_view,
    time_order,
)

__all__ = [
    "ContactView",
    "EndpointView",
    "EventView",
    "LegView",
    "PersonRef",
    "PersonView",
    "PlanView",
    "StayView",
    "TourView",
    "VenueView",
    "audience_view",
    "time_order",
]
