"""Admin URLs under /admin/personalization/ (registered by wagtail_hooks.register_admin_urls)."""

from django.urls import path

from personalization.audiences.views import AudiencesView, export_members

from . import views
from .experiment_views import ExperimentListView, ExperimentReportView

app_name = "personalization_admin"
urlpatterns = [
    path("coverage/", views.CoverageReportView.as_view(), name="coverage_report"),
    path("coverage/page/<int:page_id>/", views.PageCoverageView.as_view(), name="page_coverage"),
    path("preview/<int:page_id>/", views.PreviewAsView.as_view(), name="preview_as"),
    path("test-rules/<str:kind>/<int:pk>/", views.TestRulesView.as_view(), name="test_rules"),
    path("experiments/", ExperimentListView.as_view(), name="experiments"),
    path("experiments/<str:experiment>/", ExperimentReportView.as_view(), name="experiment"),
    path("audiences/", AudiencesView.as_view(), name="audiences"),
    path("audiences/<str:kind>/<slug:slug>/members.csv", export_members, name="audience_export"),
]
