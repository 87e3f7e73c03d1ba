from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]  # untyped base
    """Hashed, compressed static files that leave JavaScript untouched.

    Django rewrites ``sourceMappingURL`` comments in JavaScript and fails when the
    map is absent. The vendored bundles are shipped unmodified and without their
    source maps, so only CSS references are rewritten.
    """

    patterns = tuple(
        (glob, rules)
        for glob, rules in CompressedManifestStaticFilesStorage.patterns
        if glob != "*.js"
    )
