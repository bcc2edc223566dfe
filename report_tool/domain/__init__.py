"""The treaty's domain: its date rules (Articles 15, 17 and 20), the typed model, each state's standing
on a day, and the UN collation of names."""
