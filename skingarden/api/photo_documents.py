"""The photos resource's documents (docs/api.md, "Photos"): what a photo, its
result and its measurement error look like in the API, and how they are built
from what the photos app's selectors return."""

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema

from skingarden.photos.metrics.noise import MeasurementError
from skingarden.photos.models import Photo, PhotoAnalysis
from skingarden.photos.selectors.timeline import SessionRow
from skingarden.programmes.protocol import PhotoPlan

FileSize = Literal["original", "display", "thumbnail"]


class MetricsSummaryOut(Schema):
    algorithm_version: str
    delta_a: float = Field(description="a* of the lesion minus a* of the reference.")
    delta_e00: float
    erythema_fraction: float


class PhotoOut(Schema):
    code: UUID
    site: int = Field(description="The site's number in the photo plan.")
    site_name: str
    arm: Literal["", "kefir", "carrier"] = Field(
        description="Split-body: the side with kefir, or the carrier alone."
    )
    session: UUID
    date: dt.date = Field(description="The day of the session (the owner's date).")
    shot: int = Field(ge=1, le=2)
    status: Literal["processing", "ready", "failed"]
    width: int
    height: int
    files: list[FileSize] = Field(description="The sizes that can be fetched now.")
    regions_marked: bool
    metrics: MetricsSummaryOut | None = Field(
        description="The result by the current algorithm; null until the regions "
        "are marked."
    )


class ColourOut(Schema):
    l_star: float
    a_star: float
    b_star: float
    pixels: int = Field(description="Full-size pixels in the region.")


class RegionsOut(Schema):
    lesion: list[list[float]] = Field(description="Polygon, [x, y] pixels.")
    reference: list[list[float]]
    neutral: list[float] | None = Field(description="Grey card patch: [x, y, r].")


class MeasurementErrorOut(Schema):
    sessions: int = Field(description="Sessions with two measured shots, all sites.")
    sem: float | None = Field(description="Standard error of measurement of Δa*.")
    sdc: float | None = Field(description="Smallest detectable change: 1.96·√2·SEM.")
    reason: str | None = Field(description="Why there is no SEM yet, if there is none.")


class SessionChangeOut(Schema):
    mean_delta_a: float | None = Field(description="Over the session's shots.")
    change: float | None = Field(
        description="From the site's first measured session; null for that one."
    )
    change_label: str = Field(description="The change judged against the SDC.")


class PhotoMetricsOut(Schema):
    photo: UUID
    site: int
    date: dt.date
    shot: int
    algorithm_version: str
    lesion: ColourOut
    reference: ColourOut
    delta_a: float
    delta_e00: float
    erythema_fraction: float
    white_balance_gains: list[float] | None
    computed_at: dt.datetime
    regions: RegionsOut
    measurement_error: MeasurementErrorOut
    session: SessionChangeOut


def photo(
    found: Photo, plan: PhotoPlan, analysis: PhotoAnalysis | None
) -> dict[str, Any]:
    """``found`` with its result by the current algorithm, if it has one."""
    session = found.session
    site = plan.site(session.site)
    return {
        "code": found.code,
        "site": session.site,
        "site_name": site.name if site else "",
        "arm": site.arm if site else "",
        "session": session.code,
        "date": session.taken_on,
        "shot": found.shot,
        "status": found.status,
        "width": found.width,
        "height": found.height,
        "files": available_sizes(found),
        "regions_marked": found.has_regions,
        "metrics": None if analysis is None else metrics_summary(analysis),
    }


def available_sizes(found: Photo) -> list[str]:
    sizes = ["original", "display", "thumbnail"]
    return [size for size in sizes if getattr(found, size)]


def metrics_summary(analysis: PhotoAnalysis) -> dict[str, Any]:
    return {
        "algorithm_version": analysis.algorithm_version,
        "delta_a": analysis.delta_a,
        "delta_e00": analysis.delta_e00,
        "erythema_fraction": analysis.erythema_fraction,
    }


def photo_metrics(
    found: Photo,
    analysis: PhotoAnalysis,
    error: MeasurementError,
    row: SessionRow | None,
) -> dict[str, Any]:
    return {
        "photo": found.code,
        "site": found.session.site,
        "date": found.session.taken_on,
        "shot": found.shot,
        **metrics_summary(analysis),
        "lesion": _colour(analysis, "lesion"),
        "reference": _colour(analysis, "reference"),
        "white_balance_gains": analysis.gains,
        "computed_at": analysis.computed_at,
        "regions": {
            "lesion": found.lesion,
            "reference": found.reference,
            "neutral": found.neutral,
        },
        "measurement_error": vars(error),
        "session": {
            "mean_delta_a": row.mean_delta_a if row else None,
            "change": row.change if row else None,
            "change_label": row.change_label if row else "",
        },
    }


def _colour(analysis: PhotoAnalysis, region: str) -> dict[str, Any]:
    return {
        "l_star": getattr(analysis, f"{region}_l"),
        "a_star": getattr(analysis, f"{region}_a"),
        "b_star": getattr(analysis, f"{region}_b"),
        "pixels": getattr(analysis, f"{region}_pixels"),
    }
