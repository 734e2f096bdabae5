from django.urls import URLPattern, URLResolver, include, path

from masterymap.exchange.views import imports, jobs
from masterymap.lib.converters import register_id_converter

register_id_converter()

app_name = "exchange"

urlpatterns: list[URLPattern | URLResolver] = [
    path("import/", imports.imports_page, name="imports"),
    path("import/<slug:importer_key>/", imports.upload_page, name="import-upload"),
    path("jobs/<id:job_id>/", jobs.job_page, name="job"),
    path("jobs/<id:job_id>/status/", jobs.job_status, name="job-status"),
    path("jobs/<id:job_id>/preview/", jobs.job_preview_again, name="job-preview"),
    path("jobs/<id:job_id>/apply/", jobs.job_apply, name="job-apply"),
    path("jobs/<id:job_id>/download/", jobs.job_download, name="job-download"),
    path("exports/", include("masterymap.exchange.export_urls")),
    path("standards/", include("masterymap.exchange.standards_urls")),
    path("questions/", include("masterymap.exchange.qti_urls")),
]
