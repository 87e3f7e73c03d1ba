from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(
    patterns: tuple[tuple[str, tuple[object, ...]], ...],
) -> tuple[tuple[str, tuple[object, ...]], ...]:
    kept = []
    for glob, rules in patterns:
        if glob == "*.js":
            continue
        kept.append((glob, tuple(r for r in rules if "sourceMappingURL" not in str(r))))
    return tuple(kept)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]  # untyped base
    """Hashed, compressed static files that leave source-map comments alone.

    Django rewrites ``sourceMappingURL`` comments in JavaScript and CSS and fails when
    the map is absent. The vendored bundles (and Swagger UI's stylesheet) are shipped
    unmodified and without their source maps, so JavaScript is not rewritten at all
    and in CSS only ``url()`` and ``@import`` references are.
    """

    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
