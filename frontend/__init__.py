"""Tailor's reference frontend: a separate web app that renders pages from the CMS's /graphql/."""
