"""Report builders: chart specs now; the report, PDF and exports build on them."""
