"""Admin: surveys and their questions are editable as data; answers are read-only and, in an anonymous
survey, show no person (there is none to show)."""

from django.contrib import admin

from .models import Answer, ImportBatch, Option, Participation, Question, Response, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("position", "code", "kind", "is_required", "text_kk", "text_ru", "indicator", "profile")
    show_change_link = True


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ("position", "code", "text_kk", "text_ru", "text_en", "value", "is_favourable")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title_kk", "territory", "status", "opens_at", "closes_at", "is_anonymous", "is_template")
    list_filter = ("status", "is_template", "is_anonymous", "audience")
    search_fields = ("title_kk", "title_ru", "territory__code")
    readonly_fields = ("territory_path", "entry_closes_at", "published_at", "template_key")
    raw_id_fields = ("territory", "created_by")
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("survey", "position", "code", "kind", "is_required")
    raw_id_fields = ("survey",)
    inlines = [OptionInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("question", "option", "number", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ("id", "survey", "channel", "age_band", "sex", "settlement")
    list_filter = ("channel",)
    raw_id_fields = ("survey", "settlement", "respondent", "import_batch")
    inlines = [AnswerInline]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ("survey", "resident")
    raw_id_fields = ("survey", "resident")


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("survey", "file_name", "rows", "imported_by", "imported_at")
