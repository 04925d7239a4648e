"""Editing a page in Wagtail's page editor: the variant and block target choices, the checks on
variants and personalized blocks, placeholder checks, the coverage panel and the editor's
preview modes. The page models (cms.pages) and the personalization admin both use it; neither
imports the other."""
