"""Dev-set evaluations behind `rashomon eval`: one module per data set, each with `evaluate()`.

Every evaluation returns a plain dict of scores (written to eval/results/ by `make eval`) and
is gated by eval/floors.toml in CI. Only dev portions are scored here; nothing here trains.
"""
