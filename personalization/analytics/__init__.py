"""Analytics for marketers: impressions, conversions and uplift per page variant, A/B verdicts.

uplift.py is the math over plain rows, queries.py loads the rows, chart.py lays out the SVG
bar charts, views.py is the admin report (registered under the Personalization menu)."""
