#include "api/messages.h"

#include <string.h>

#include "base/err.h"
#include "base/log.h"

static const ErrorMessage messages[] = {
    {"internal", 500, "حدث خطأ في الخادم ولم يُحفظ شيء. حاول مرة أخرى.", "A server error occurred and nothing was saved. Try again."},
    {"unavailable", 503, "الخدمة غير متاحة الآن. حاول بعد قليل.", "The service is unavailable right now. Try again shortly."},
    {"not_found", 404, "غير موجود.", "Not found."},
    {"method.not_allowed", 405, "هذه العملية غير مسموحة على هذا العنوان.", "This method is not allowed here."},
    {"body.invalid_json", 400, "نص الطلب ليس كائن JSON صالحاً.", "The request body is not a valid JSON object."},
    {"body.invalid_utf8", 400, "نص الطلب ليس نصاً صالحاً بترميز UTF-8.", "The request body is not valid UTF-8."},
    {"body.too_deep", 400, "نص الطلب متداخل بعمق أكبر من المسموح.", "The request body is nested too deeply."},
    {"body.too_large", 413, "نص الطلب أكبر من الحد المسموح.", "The request body is too large."},
    {"body.content_type", 415, "يجب أن يكون نص الطلب بصيغة application/json.", "The request body must be application/json."},
    {"body.charset", 415, "يجب أن يكون نص الطلب بترميز UTF-8 (charset=utf-8).", "The request body must be in UTF-8 (charset=utf-8)."},
    {"uri.too_long", 414, "عنوان الطلب أطول من المسموح.", "The request address (URL) is too long."},
    {"query.too_many_parameters", 414, "عنوان الطلب يحمل معاملات أكثر من المسموح.", "The request address carries too many query parameters."},
    {"headers.too_large", 431, "ترويسات الطلب أكبر من المسموح.", "The request headers are too large."},
    {"field.unknown", 400, "حقل غير معروف", "Unknown field"},
    {"field.type", 400, "نوع القيمة غير صحيح", "Wrong type of value"},
    {"field.required", 400, "الحقل مطلوب", "This field is required"},
    {"field.invalid", 400, "القيمة غير صالحة", "Invalid value"},
    {"field.too_long", 400, "النص أطول من المسموح", "Too long"},
    {"field.too_short", 400, "النص أقصر من المسموح", "Too short"},
    {"query.invalid", 400, "معامل البحث غير صالح", "Invalid query parameter"},
    {"query.unknown", 400, "معامل بحث غير معروف لهذا الطلب", "Unknown query parameter for this request"},
    {"query.too_many", 400, "عدد معاملات البحث أكبر من المسموح.", "Too many query parameters."},
    {"password.too_short", 400, "كلمة المرور قصيرة: 10 أحرف على الأقل", "The password is too short: at least 10 characters"},
    {"password.too_long", 400, "كلمة المرور أطول من المسموح", "The password is too long"},
    {"password.common", 400, "كلمة المرور شائعة ويسهل تخمينها", "This password is common and easy to guess"},
    {"password.trivial", 400, "كلمة المرور متسلسلة أو مكررة ويسهل تخمينها", "This password is a simple sequence or repetition"},
    {"password.malformed", 400, "كلمة المرور تحتوي على رموز غير مسموحة", "The password contains characters that are not allowed"},
    {"password.wrong_current", 400, "كلمة المرور الحالية غير صحيحة", "The current password is wrong"},
    {"password.same_as_current", 400, "يجب أن تختلف كلمة المرور الجديدة عن الحالية", "The new password must differ from the current one"},
    {"auth.required", 401, "يجب تسجيل الدخول.", "You need to sign in."},
    {"auth.invalid_credentials", 401, "اسم المستخدم أو كلمة المرور غير صحيحة.", "Wrong user name or password."},
    {"auth.forbidden", 403, "ليست لديك صلاحية لهذه العملية.", "You are not allowed to do this."},
    {"auth.password_change_required", 403, "كلمة المرور هذه مؤقتة: اختر كلمة مرور جديدة قبل المتابعة.", "This password is temporary: choose a new password before going on."},
    {"auth.locked", 429, "تم إيقاف الدخول مؤقتاً بعد محاولات فاشلة متكررة. حاول لاحقاً.", "Sign-in is paused after repeated failed attempts. Try again later."},
    {"csrf.missing", 403, "رمز الحماية من تزوير الطلبات مفقود. أعد تحميل الصفحة.", "The anti-forgery token is missing. Reload the page."},
    {"csrf.invalid", 403, "رمز الحماية من تزوير الطلبات غير صحيح. أعد تحميل الصفحة.", "The anti-forgery token is wrong. Reload the page."},
    {"version.conflict", 409, "عدّل مستخدم آخر هذا السجل منذ أن فتحته. أعد تحميله ثم عدّل.", "Someone else changed this record since you opened it. Reload it and edit again."},
    {"conflict.exists", 409, "يوجد سجل بهذه القيمة", "A record with this value already exists"},
    {"unit.agency_mismatch", 400, "نوع الوحدة لا يتبع هذه الجهة", "This unit type does not belong to that agency"},
    {"unit.parent_cycle", 400, "لا يمكن أن تتبع الوحدة نفسها أو إحدى وحداتها الفرعية", "A unit cannot sit under itself or one of its own sub-units"},
    {"user.self_disable", 400, "لا يمكنك تعطيل حسابك", "You cannot disable your own account"},
    {"user.self_roles", 400, "لا يمكنك تغيير أدوارك بنفسك", "You cannot change your own roles"},
    {"user.admin_exclusive", 400, "لا يجمع حساب مسؤول النظام أدوار العمل على الحالات", "An administrator account cannot also hold case-work roles"},
    {"user.disabled", 400, "الحساب معطل", "The account is disabled"},
    {"person.name_invalid", 400, "الاسم يحتوي على رموز غير الحروف", "A name may hold only letters, spaces and joiners"},
    {"person.national_id_format", 400, "الرقم الوطني يتكون من 10 أرقام", "A national number has 10 digits"},
    {"person.birth_in_future", 400, "تاريخ الميلاد في المستقبل", "The birth date is in the future"},
    {"person.phone_invalid", 400, "رقم الهاتف غير صالح", "Invalid phone number"},
    {"person.duplicate_national_id", 409, "يوجد شخص مسجل بهذا الرقم الوطني", "A person with this national number is already registered"},
    {"person.duplicate_document", 409, "يوجد شخص مسجل بهذه الوثيقة", "A person with this document is already registered"},
    {"person.merged", 409, "دُمج هذا السجل في سجل آخر", "This record was merged into another"},
    {"person.link_self", 400, "لا يمكن ربط الشخص بنفسه", "A person cannot be linked to themselves"},
    {"person.merge_self", 400, "لا يمكن دمج السجل في نفسه", "A record cannot be merged into itself"},
    {"person.merge_undone", 409, "أُلغي هذا الدمج من قبل", "This merge was already undone"},
    {"person.merge_kept_merged", 409, "لا يمكن إلغاء هذا الدمج قبل إلغاء دمج السجل الباقي في سجل آخر", "The record kept was merged into another since: undo that merge first"},
    {"person.undo_number_taken", 409, "لا يمكن إلغاء الدمج: رقم السجل المدموج يحمله شخص آخر الآن", "The merge cannot be undone: the merged record's number is now another person's"},
    {"field.date", 400, "تاريخ غير صالح: الصيغة YYYY-MM-DD", "Not a valid date (YYYY-MM-DD)"},
    {"field.time", 400, "وقت غير صالح: الصيغة YYYY-MM-DDTHH:MM:SSZ", "Not a valid time (YYYY-MM-DDTHH:MM:SSZ)"},
    {"field.code", 400, "قيمة غير معروفة في هذه القائمة", "Not a value of this list"},
    {"field.range", 400, "القيمة خارج الحدود المسموح بها", "The value is out of range"},
    {"case.field_not_for_kind", 400, "هذا الحقل لا يخص هذا النوع من الحالات", "This field does not belong to this kind of case"},
    {"case.not_a_centre", 400, "يجب أن يكون مركز إصلاح وتأهيل", "Must be a correction and rehabilitation centre"},
    {"case.in_future", 400, "لا يمكن أن يكون التاريخ في المستقبل", "The date cannot be in the future"},
    {"case.risk_needs_assessment", 400, "يجب تسجيل تقييم الخطورة مع مستواها", "A risk level needs its assessment"},
    {"case.juvenile_under_12", 400, "لا تُسجّل حالة حدث مخالف للقانون لطفل دون الثانية عشرة عند الفعل: سجّلها حالة حدث محتاج للحماية أو الرعاية", "A child under 12 at the time of the act cannot be in conflict with the law: register a case of a juvenile in need of protection or care"},
    {"case.not_a_juvenile", 400, "عمر الشخص عند الفعل 18 سنة أو أكثر: ليس حدثاً", "The person was 18 or older at the time of the act: not a juvenile"},
    {"case.closed", 409, "الحالة مغلقة", "The case is closed"},
    {"person.restricted", 403, "لا يعدّل هذا الشخص أو يدمجه إلا من يطّلع على إحدى حالاته المقيّدة", "Only those who see one of this person's restricted cases may change or merge her record"},
    {"risk.family_violence", 400, "تقييم عوامل الخطر لحالات العنف الأسري", "The risk factors are assessed on family-violence cases"},
    {"risk.override_reason", 400, "اذكر سبب اختيار مستوى خطورة غير المقترح من العوامل", "Give the reason for a risk level other than the one the factors suggest"},
    {"risk.factor_twice", 400, "العامل نفسه لا يكون موجودًا وغير موجود معًا", "A factor cannot be both present and absent"},
    {"settlement.kind", 400, "التسوية لحالات العنف الأسري والأحداث المخالفين للقانون", "Settlements are for family-violence cases and juveniles in conflict with the law"},
    {"settlement.open", 409, "في الحالة تسوية جارية: سجّل نتيجتها قبل بدء أخرى", "The case has a settlement in progress: record its outcome before starting another"},
    {"settlement.felony", 409, "لا تسوية في جناية: تُحال القضية إلى النيابة العامة", "No settlement for a felony: the case goes to the prosecutor"},
    {"settlement.not_eligible", 409, "الحدث غير مؤهل للتسوية كما سُجّل في الحالة", "The juvenile is recorded as not eligible for a settlement"},
    {"settlement.detained", 409, "لا تسوية أثناء التوقيف: سجّل الإفراج أولاً", "No settlement during detention: record the release first"},
    {"settlement.consent", 400, "يلزم تسجيل موافقة الطرفين (موافقات سارية لأشخاص الحالة من الطرفين)", "Both parties' consent must be recorded (consents in force of the case's persons on both sides)"},
    {"settlement.ended", 409, "انتهت هذه التسوية وسُجّلت نتيجتها", "This settlement has ended and its outcome is recorded"},
    {"settlement.extended", 409, "مُدّدت التسوية من قبل: تُمدّد مرة واحدة فقط", "The settlement was extended already: it is extended once only"},
    {"settlement.no_session", 409, "لم تُعقد أي جلسة تسوية بعد", "No settlement session has been held yet"},
    {"settlement.before_first_session", 400, "لا يكون التاريخ قبل الجلسة الأولى للتسوية", "The date cannot come before the settlement's first session"},
    {"settlement.next_session_date", 400, "موعد الجلسة التالية بعد تاريخ هذه الجلسة", "The next session comes after this one"},
    {"settlement.agreement_only", 400, "الشروط والمصادقة للتسوية المتفق عليها فقط", "Terms and ratification belong to an agreed settlement only"},
    {"settlement.ratified_before_agreement", 400, "لا تسبق المصادقة تاريخ الاتفاق", "The ratification cannot come before the agreement"},
    {"detention.kind", 400, "التوقيف للأحداث المخالفين للقانون", "Detention orders are for juveniles in conflict with the law"},
    {"detention.violation", 409, "لا توقيف في مخالفة", "No detention for a violation"},
    {"detention.settlement", 409, "لا توقيف أثناء التسوية", "No detention during a settlement"},
    {"detention.too_long", 400, "مدة أمر التوقيف 10 أيام على الأكثر", "A detention order is 10 days at most"},
    {"detention.ends_before_start", 400, "ينتهي التوقيف بعد بدايته", "The detention must end after it starts"},
    {"detention.in_force", 409, "في الحالة توقيف سارٍ: سجّل تمديده أو الإفراج", "A detention is in force: record its renewal or the release"},
    {"detention.not_in_force", 409, "لا توقيف سارياً بهذا الأمر", "No detention is in force under this order"},
    {"detention.renewal_start", 400, "يبدأ التمديد في اليوم التالي لانتهاء الأمر السابق", "A renewal starts the day after the order it renews ends"},
    {"detention.prosecutor_renewed", 409, "يمدد المدعي العام التوقيف مرة واحدة فقط: التمديد بعدها للمحكمة", "The prosecutor renews once only: renewals after that are the court's"},
    {"detention.release_before_start", 400, "لا يسبق الإفراج بداية أمر التوقيف", "The release cannot come before the order starts"},
    {"trial.kind", 400, "خطوات المحاكمة لحالات الأحداث المخالفين للقانون", "Trial steps are for juveniles in conflict with the law"},
    {"trial.not_referred", 409, "سجّل الإحالة إلى المحكمة أولاً", "Record the referral to court first"},
    {"trial.decided", 409, "صدر الحكم في هذه القضية", "The verdict has been recorded"},
    {"trial.step_recorded", 409, "سُجّلت هذه الخطوة من قبل", "This step is recorded already"},
    {"trial.before_referral", 400, "لا يسبق التاريخ الإحالة إلى المحكمة", "The date cannot come before the referral to court"},
    {"trial.next_hearing_only", 400, "موعد الجلسة التالية للجلسات فقط", "A next date belongs to hearings only"},
    {"trial.next_hearing_date", 400, "موعد الجلسة التالية بعد تاريخ هذه الجلسة", "The next hearing comes after this one"},
    {"goal.outcome_required", 400, "اذكر ما آل إليه الهدف عند تحققه أو إلغائه", "Say how the goal ended when it is achieved or dropped"},
    {"case.role_taken", 409, "الحالة مسندة في هذا الدور إلى زميل: يغيّر المشرف الإسناد", "Someone already holds this role on the case: the supervisor changes the assignment"},
    {"case.reporter_restricted", 403, "لا يضيف المُبلِّغ أو يزيله إلا العاملون المكلفون بالحالة ومشرفو وحدتها", "Only the case's assigned workers and its unit's supervisors add or remove the reporter"},
    {"case.supervisor_only", 403, "هذا الإجراء لمشرف الوحدة المالكة للحالة", "Only a supervisor of the case's unit can do this"},
    {"case.needs_person", 400, "لا يمكن الانتقال قبل إضافة الشخص الرئيسي في الحالة", "The case needs its principal person before it can move on"},
    {"case.needs_assignment", 400, "لا يمكن الانتقال قبل تعيين الحالة لأحد العاملين", "The case must be assigned before it can move on"},
    {"case.needs_risk_level", 400, "لا يمكن إنهاء التقييم قبل تحديد مستوى الخطورة", "Assessment cannot end without a risk level"},
    {"case.needs_plan", 400, "لا يبدأ التنفيذ قبل وضع هدف واحد على الأقل في خطة الحالة", "Implementation needs at least one goal in the case plan"},
    {"case.needs_follow_up", 400, "حدد موعد المتابعة قبل الانتقال إلى المتابعة", "Set the follow-up date before moving to follow-up"},
    {"case.bad_transition", 400, "لا يمكن نقل الحالة إلى هذه المرحلة من مرحلتها الحالية", "The case cannot move to this stage from where it is"},
    {"case.closure_pending", 409, "طلب إغلاق الحالة بانتظار قرار المشرف", "A closure request awaits the supervisor's decision"},
    {"case.no_closure_request", 409, "لا يوجد طلب إغلاق لهذه الحالة", "There is no closure request on this case"},
    {"case.closure_own_request", 403, "لا يعتمد المشرف طلب إغلاق قدّمه بنفسه", "A supervisor cannot approve their own closure request"},
    {"case.not_closed", 409, "الحالة ليست مغلقة", "The case is not closed"},
    {"case.worker_role", 400, "المستخدم غير فعّال أو لا يحمل هذا الدور", "The user is not active or does not hold this role"},
    {"case.date_past", 400, "لا يمكن أن يكون التاريخ في الماضي", "The date cannot be in the past"},
    {"case.followup_closed", 409, "هذه المتابعة سُجّلت أو أُلغيت من قبل", "This follow-up was already recorded or cancelled"},
    {"case.followup_kind", 400, "نوع الملاحظة يختلف عن نوع المتابعة المخطط لها", "The note's kind differs from the planned follow-up's"},
    {"referral.not_shared", 403, "هذا الجزء من الحالة غير مشمول بالإحالة إلى وحدتك", "This part of the case is not shared with your unit by the referral"},
    {"referral.consent_required", 400, "لا تُحال بيانات ناجية بالغة دون موافقتها المسجلة: سجّل الموافقة، أو يتجاوزها المشرف بذكر السبب", "An adult survivor's data is not referred without her recorded consent: record it, or a supervisor overrides with a reason"},
    {"referral.override_supervisor", 403, "تجاوز الموافقة لمشرف الوحدة المالكة للحالة", "Only a supervisor of the case's unit can refer without consent"},
    {"referral.unit_kind", 400, "هذه الوحدة لا تعمل على حالات من هذا النوع فلا تُحال إليها", "This unit does not work cases of this kind, so it cannot receive it"},
    {"referral.study_unit", 400, "تُطلب الدراسة الاجتماعية من مكتب مراقبي السلوك", "A social study is asked of a behaviour monitors' office"},
    {"referral.study_assignee", 400, "اختر مراقب السلوك من وحدتك الذي سيكتب الدراسة الاجتماعية", "Choose the behaviour monitor of your unit who will write the social study"},
    {"referral.no_study", 400, "لا تطلب هذه الإحالة دراسة اجتماعية فلا يُكلَّف بها مراقب", "This referral asks for no social study, so no monitor is assigned by it"},
    {"referral.same_unit", 400, "لا تُحال الحالة إلى وحدتها", "A case is not referred to its own unit"},
    {"referral.transfer_pending", 409, "طلب نقل هذه الحالة بانتظار الرد", "A transfer of this case awaits an answer"},
    {"referral.bad_state", 409, "لا يمكن هذا الإجراء في حالة الإحالة الحالية", "This cannot be done to the referral in its current state"},
    {"referral.receiver_only", 403, "هذا الإجراء للوحدة المُحال إليها", "Only the receiving unit can do this"},
    {"referral.sender_only", 403, "هذا الإجراء للجهة التي أحالت الحالة", "Only the sending side can do this"},
    {"consent.not_in_case", 400, "الموافقة تُسجّل لشخص من أشخاص الحالة", "A consent is recorded for a person of the case"},
    {"consent.withdrawn", 409, "سُحبت هذه الموافقة من قبل", "This consent was already withdrawn"},
    {"service.who", 400, "حدد الوحدة المنفذة أو مقدم الخدمة الخارجي (أحدهما)", "Name the implementing unit or an outside provider (one of them)"},
    {"service.implementing_side", 403, "تسجيل تقديم الخدمة للجهة المنفذة لها", "Only the implementing side can mark the service provided"},
    {"study.template_kind", 400, "هذا النموذج لا يخص هذا النوع من الحالات", "This template is not for this kind of case"},
    {"study.unknown_section", 400, "قسم غير موجود في نموذج الدراسة", "Not a section of the study's template"},
    {"study.read_only", 409, "الدراسة معتمدة ولا تُعدّل", "The study is approved and cannot be changed"},
    {"study.under_review", 409, "الدراسة بانتظار مراجعة المشرف ولا تُعدّل الآن", "The study awaits the supervisor's review and cannot be changed now"},
    {"study.author_only", 403, "يحرر الدراسة كاتبها وحده", "Only the study's author can change it"},
    {"study.bad_state", 409, "لا يمكن هذا الإجراء في حالة الدراسة الحالية", "This cannot be done to the study in its current state"},
    {"study.own_review", 403, "لا يراجع المشرف دراسة كتبها بنفسه", "A supervisor cannot review a study they wrote"},
    {"study.not_approved", 409, "لا تُصدر وثيقة المحكمة إلا لدراسة معتمدة", "Only an approved study gives a document for the court"},
    {"field.invisible", 400, "النص يحمل رمزاً غير مرئي لا مكان له فيه، يأتي غالباً مع نص منسوخ من مكان آخر: أعد كتابة الجزء الملصوق", "The text holds an invisible character that has no place in it, usually carried by text pasted from elsewhere: type the pasted part again"},
    {"field.marks", 400, "النص يحمل علامات تشكيل متراكمة على حرف واحد", "The text piles marks (diacritics) on one letter"},
    {"search.too_many_words", 400, "ابحث بثماني كلمات على الأكثر", "Search with eight words at most"},
    {"search.too_short", 400, "اكتب حرفين على الأقل للبحث", "Type at least two letters to search"},
    {"study.section_empty", 400, "أكمل أقسام الدراسة قبل تقديمها", "Write every section of the study before submitting it"},
    {"case.incidents_family_violence", 400, "الحوادث تُسجّل لحالات العنف الأسري", "Incidents are recorded on family-violence cases"},
    {"demo.not_empty", 409, "قاعدة البيانات تحتوي على بيانات بالفعل", "The database already holds data"},
};

const ErrorMessage *api_message(const char *code)
{
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        if (strcmp(messages[i].code, code) == 0)
            return &messages[i];
    log_error("no message for error code %s", code);
    return &messages[0];
}

bool api_message_known(const char *code)
{
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        if (strcmp(messages[i].code, code) == 0)
            return true;
    return false;
}

const char *api_code_for_error(int err)
{
    switch (err) {
    case TK_ERR_INVALID: return "field.invalid";
    case TK_ERR_NOT_FOUND: return "not_found";
    case TK_ERR_CONFLICT: return "version.conflict";
    case TK_ERR_EXISTS: return "conflict.exists";
    case TK_ERR_FORBIDDEN: return "auth.forbidden";
    case TK_ERR_UNAUTHORIZED: return "auth.required";
    case TK_ERR_LOCKED: return "auth.locked";
    case TK_ERR_TOO_LARGE: return "body.too_large";
    case TK_ERR_BUSY: return "unavailable";
    default: return "internal";
    }
}
