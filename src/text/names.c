/* Given names in common use in Jordan, men's and women's, as people write them with care; they are folded and
 * joined (عبد الله → عبدالله) once, on first use. The list only tells a different name from a slip: it holds
 * names, never persons. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/arabic.h"

static const char common_names[] =
    /* men */
    "محمد أحمد محمود علي خالد عمر يوسف إبراهيم حسن حسين مصطفى سامي سليمان زيد فارس معاذ أنس بلال حمزة طارق عماد "
    "عادل جمال رامي سامر باسم وليد نبيل هاني ماهر فادي رائد عمار إياد أيمن أسامة أشرف منذر مهند قاسم سعيد سعد "
    "ناصر منصور فيصل ياسين عثمان صالح موسى عيسى يحيى زكريا إسماعيل إسحاق يعقوب داود هارون آدم إدريس لؤي مؤمن "
    "مأمون رؤوف هائل وائل نائل فائق رائف علاء ضياء بهاء عطاء مراد نادر جهاد إيهاب شادي غسان حازم حاتم حامد حمد "
    "حمدان راشد رشيد مجدي مجد نزار نضال هشام هيثم وسام ياسر يزن ليث قيس غيث عامر عمرو عدنان عوني فايز فواز فراس "
    "قصي كرم مازن محسن مروان مصعب معتز معن مهدي موفق ناجي نايف نعيم هادي همام وجدي يامن أكرم أمجد أنور إسلام "
    "بشار بشير توفيق ثامر جابر جعفر جلال حسام حكم خليل خضر راضي رياض زياد سالم سامح سلامة سلطان سليم سمير شريف "
    "شاكر صابر صبحي طلال عاطف عدي عزام عصام عطية عواد عودة عيد غازي فتحي فخري فهد فؤاد كايد ماجد مخلد مفلح "
    "ممدوح منير نمر هلال وصفي يونس تيسير ثائر جميل حمود خلف صقر زهير سفيان شهاب غالب مالك نواف هاشم "
    "عبد_الله عبد_الرحمن عبد_الكريم عبد_الرحيم عبد_العزيز عبد_الحميد عبد_المجيد عبد_الحليم عبد_الفتاح "
    "عبد_الناصر عبد_الرؤوف عبد_القادر عبد_الهادي عبد_السلام عبد_الرزاق عبد_اللطيف عبد_الغني عبد_الوهاب "
    "عبد_المنعم عبد_الباسط عبد_الحكيم عبد_الإله عبد_الجبار أبو_بكر عز_الدين نور_الدين صلاح_الدين علاء_الدين "
    "بهاء_الدين سيف_الدين خير_الدين شمس_الدين "
    /* women */
    "فاطمة مريم نور سارة عائشة زينب آمنة خديجة هدى رنا ريم لينا دانا رهف جنى سلمى ليلى هبة منى سناء رجاء وفاء "
    "دعاء إسراء آلاء أسماء أمل إيمان حنان حنين رحمة رقية روان رزان سجى سهى شيماء صفاء ضحى عبير علا غدير فرح لمى "
    "ملاك مرام ميس ميساء نادية نجلاء نسرين نهى هالة هيا وعد ياسمين بتول بشرى تسنيم تقى جمانة حلا دينا رؤى رشا "
    "رغد زهرة سعاد سماح سمر سوسن شهد عبلة عفاف غادة فداء لبنى لميس مها ناديا نجوى نوال هند وداد يارا أروى أريج "
    "بيان تهاني خلود دلال ربى رانيا رولا سحر سلام سميرة شروق صباح عائدة عزيزة فريال كوثر ماجدة منال نائلة نبيلة "
    "نعمة هيفاء وجدان يسرى نور_الهدى";

static char **folded_names;
static size_t folded_count;
static pthread_once_t folded_once = PTHREAD_ONCE_INIT;
static Arena names_arena;

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Folds every name of the list and sorts them (once; the arena lives as long as the program). */
static void fold_names(void)
{
    arena_init(&names_arena, 16384);
    size_t capacity = 512;
    folded_names = arena_alloc(&names_arena, sizeof(char *) * capacity);
    char *list = arena_strdup(&names_arena, common_names);
    if (!folded_names || !list)
        return;
    for (char *save = NULL, *name = strtok_r(list, " ", &save); name && folded_count < capacity;
         name = strtok_r(NULL, " ", &save)) {
        for (char *c = name; *c; c++)
            if (*c == '_')
                *c = ' ';
        char *folded = text_fold(&names_arena, name, strlen(name));
        char *tokens[4];
        int n = folded ? text_name_tokens(&names_arena, folded, tokens, 4) : 0;
        /* one name, as the search index keeps it: its words joined (نور الهدى → نورالهدي) */
        char *joined = n > 0 ? tokens[0] : NULL;
        for (int i = 1; i < n && joined; i++)
            joined = arena_printf(&names_arena, "%s%s", joined, tokens[i]);
        if (joined)
            folded_names[folded_count++] = joined;
    }
    qsort(folded_names, folded_count, sizeof(char *), compare_names);
}

bool text_common_name(const char *token)
{
    pthread_once(&folded_once, fold_names);
    return token && folded_count && bsearch(&token, folded_names, folded_count, sizeof(char *), compare_names) != NULL;
}

void text_full_name(const char *first, const char *father, const char *grandfather, const char *family, char *out,
                    size_t size)
{
    const char *parts[] = {first, father, grandfather, family};
    size_t used = 0;
    if (size == 0)
        return;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        int n = snprintf(out + used, size - used, "%s%s", used ? " " : "", parts[i]);
        if (n < 0 || (size_t)n >= size - used)
            return; /* cut: snprintf ended it */
        used += (size_t)n;
    }
}
