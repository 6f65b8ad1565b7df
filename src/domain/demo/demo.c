#include "domain/demo/demo.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "domain/core/codes.h"
#include "domain/org/org.h"
#include "domain/persons/persons.h"
#include "store/org.h"

typedef struct {
    const char *code, *name_ar, *name_en, *type, *agency, *governorate, *parent_code;
} DemoUnit;

/* Names of places are real towns; every unit and person here is synthetic. */
static const DemoUnit national_units[] = {
    {"MOSD-HQ", "وزارة التنمية الاجتماعية - المركز", "Ministry of Social Development - Headquarters", "headquarters",
     "mosd", "amman", NULL},
    {"FJPD-HQ", "إدارة حماية الأسرة والأحداث", "Family and Juvenile Protection Department", "headquarters", "psd",
     "amman", NULL},
    {"CRC-DEPT", "إدارة مراكز الإصلاح والتأهيل", "Correction and Rehabilitation Centres Department", "headquarters",
     "psd", "amman", NULL},
    {"JOINT-COMMITTEE", "اللجنة المشتركة بين الوزارة والأمن العام", "Joint Committee of the Ministry and the PSD",
     "committee", "mosd", NULL, NULL},
    {"CRC-MARKA", "مركز إصلاح وتأهيل ماركا", "Marka Correction and Rehabilitation Centre", "correction_centre", "psd",
     "amman", "CRC-DEPT"},
    {"CRC-JUWEIDEH", "مركز إصلاح وتأهيل الجويدة", "Juweideh Correction and Rehabilitation Centre", "correction_centre",
     "psd", "amman", "CRC-DEPT"},
    {"CRC-MUWAQQAR", "مركز إصلاح وتأهيل الموقر", "Muwaqqar Correction and Rehabilitation Centre", "correction_centre",
     "psd", "amman", "CRC-DEPT"},
    {"CRC-SALT", "مركز إصلاح وتأهيل السلط", "Salt Correction and Rehabilitation Centre", "correction_centre", "psd",
     "balqa", "CRC-DEPT"},
    {"CRC-IRBID", "مركز إصلاح وتأهيل إربد", "Irbid Correction and Rehabilitation Centre", "correction_centre", "psd",
     "irbid", "CRC-DEPT"},
    {"CRC-UMLULU", "مركز إصلاح وتأهيل أم اللولو", "Umm al-Lulu Correction and Rehabilitation Centre",
     "correction_centre", "psd", "mafraq", "CRC-DEPT"},
    {"CRC-AQABA", "مركز إصلاح وتأهيل العقبة", "Aqaba Correction and Rehabilitation Centre", "correction_centre", "psd",
     "aqaba", "CRC-DEPT"},
    {"CRC-MAAN", "مركز إصلاح وتأهيل معان", "Ma'an Correction and Rehabilitation Centre", "correction_centre", "psd",
     "maan", "CRC-DEPT"},
    {"HOME-EDU-AMM", "دار تربية الأحداث - عمان", "Juvenile Education Home - Amman", "juvenile_education_home", "mosd",
     "amman", "MOSD-HQ"},
    {"HOME-EDU-IRB", "دار تربية الأحداث - إربد", "Juvenile Education Home - Irbid", "juvenile_education_home", "mosd",
     "irbid", "MOSD-HQ"},
    {"HOME-REH-AMM", "دار تأهيل الأحداث - عمان", "Juvenile Rehabilitation Home - Amman", "juvenile_rehabilitation_home",
     "mosd", "amman", "MOSD-HQ"},
    {"HOME-REH-GIRLS", "دار تربية وتأهيل الفتيات - عمان", "Girls' Education and Rehabilitation Home - Amman",
     "juvenile_rehabilitation_home", "mosd", "amman", "MOSD-HQ"},
    {"HOME-CARE-AMM", "دار رعاية الأحداث - عمان", "Juvenile Care Home - Amman", "juvenile_care_home", "mosd", "amman",
     "MOSD-HQ"},
    {"HOME-CARE-ZRQ", "دار رعاية الأحداث - الزرقاء", "Juvenile Care Home - Zarqa", "juvenile_care_home", "mosd",
     "zarqa", "MOSD-HQ"},
    {"SHELTER-WIFAQ-AMM", "دار الوفاق الأسري - عمان", "Family Reconciliation House - Amman", "shelter", "mosd", "amman",
     "MOSD-HQ"},
    {"SHELTER-WIFAQ-IRB", "دار الوفاق الأسري - إربد", "Family Reconciliation House - Irbid", "shelter", "mosd", "irbid",
     "MOSD-HQ"},
    {"SHELTER-AMINA", "دار آمنة", "Amina House", "shelter", "mosd", "amman", "MOSD-HQ"},
};

typedef struct {
    const char *username, *full_name, *sex, *unit_code, *roles;
} DemoUser;

static const DemoUser demo_users[] = {
    {"caseworker", "ريم عبد الله الحسن", "female", "SSO-AMM", "caseworker"},
    {"monitor", "سامي خالد العمري", "male", "MON-AMM", "monitor"},
    {"officer", "محمود يوسف الزعبي", "male", "FJPD-AMM", "officer"},
    {"supervisor", "هالة محمد النسور", "female", "SSO-AMM", "supervisor"},
    {"manager", "عمر سليمان الخطيب", "male", "MOSD-HQ", "manager"},
    {"committee", "لينا فؤاد الحياري", "female", "JOINT-COMMITTEE", "committee"},
    {"auditor", "باسل نادر القضاة", "male", "MOSD-HQ", "auditor"},
    {"admin", "نور أحمد العبادي", "female", "MOSD-HQ", "admin"},
    {"homestaff", "رامي عادل الشوبكي", "male", "HOME-EDU-AMM", "home_staff"},
    {"records", "ريم خليل الزعبي", "female", "MOSD-HQ", "records_officer"},
    {"centreworker", "سلمى عيسى الحوراني", "female", "CRC-MARKA", "caseworker"},
    {"centresupervisor", "نادر فايز العدوان", "male", "CRC-MARKA", "supervisor"},
    {"irbidcentre", "تامر يوسف بني هاني", "male", "CRC-IRBID", "caseworker"},
    {"womencentre", "دعاء سامي الفايز", "female", "CRC-JUWEIDEH", "caseworker"},
};

/* The demo registry: twelve families, one in each governorate, with the spellings units really write. Every person
 * here is invented; the national numbers all begin with 000 and the phones with 0700000, to be plainly unlike real
 * ones. A date of birth NULL with a year means the year is an estimate. */
typedef struct {
    const char *key; /* a handle for the links below */
    const char *first_name, *father_name, *grandfather_name, *family_name, *sex;
    const char *birth_date;
    int birth_year;
    const char *national_id, *governorate, *phone;
    const char *father_key, *mother_key; /* parents in the demo registry */
} DemoPerson;

static const DemoPerson demo_persons[] = {
    /* Amman: three generations; the police registered Asmaa a second time, spelled otherwise (a likely duplicate). */
    {"abuzaid.mahmoud", "محمود", "سليم", "عبد القادر", "أبو زيد", "male", NULL, 1948, "0005260181", "amman",
     "0700000137", NULL, NULL},
    {"abuzaid.amina", "آمنة", "حسن", NULL, "الشياب", "female", NULL, 1952, NULL, "amman", NULL, NULL, NULL},
    {"abuzaid.abdullah", "عبد الله", "محمود", "سليم", "أبو زيد", "male", "1972-03-14", 0, "0005908301", "amman",
     "0700000174", "abuzaid.mahmoud", "abuzaid.amina"},
    {"abuzaid.khaled", "خالد", "محمود", "سليم", "أبو زيد", "male", "1976-10-02", 0, "0006613186", "zarqa", "0700000211",
     "abuzaid.mahmoud", "abuzaid.amina"},
    {"abuzaid.asmaa", "أسماء", "عبد الله", "محمود", "أبو زيد", "female", "2008-09-21", 0, "0009603082", "amman", NULL,
     "abuzaid.abdullah", "sarhan.haifa"},
    {"abuzaid.yousef", "يوسف", "عبد الله", "محمود", "أبو زيد", "male", "2011-01-05", 0, "0004628194", "amman", NULL,
     "abuzaid.abdullah", "sarhan.haifa"},
    {"abuzaid.tasneem", "تسنيم", "عبد الله", "محمود", "أبو زيد", "female", "2015-06-30", 0, "0008219935", "amman", NULL,
     "abuzaid.abdullah", "sarhan.haifa"},
    {"abuzaid.mahmoud2", "محمود", "خالد", "محمود", "أبو زيد", "male", "2003-04-17", 0, "0001819093", "zarqa",
     "0700000248", "abuzaid.khaled", NULL},
    {"abuzaid.asmaa2", "اسماء", "عبدالله", "محمود", "ابو زيد", "female", "2008-09-21", 0, NULL, "amman", NULL, NULL,
     NULL},
    /* Mafraq: Haifa married into the Abu Zaid family; Falah's wife is a Syrian refugee with a refugee card. */
    {"sarhan.jamil", "جميل", "عودة", "سالم", "السرحان", "male", NULL, 1950, "0007865797", "mafraq", "0700000285", NULL,
     NULL},
    {"sarhan.mariam", "مريم", "فلاح", "محمد", "الشديفات", "female", NULL, 1955, "0005432319", "mafraq", NULL, NULL,
     NULL},
    {"sarhan.haifa", "هيفاء", "جميل", "عودة", "السرحان", "female", "1978-05-09", 0, "0004875749", "amman", "0700000322",
     "sarhan.jamil", "sarhan.mariam"},
    {"sarhan.falah", "فلاح", "جميل", "عودة", "السرحان", "male", "1981-10-23", 0, "0001186252", "mafraq", "0700000359",
     "sarhan.jamil", "sarhan.mariam"},
    {"sarhan.rahaf", "رهف", "محمد", "ديب", "الحلبي", "female", "1990-02-11", 0, NULL, "mafraq", "0700000396", NULL,
     NULL},
    {"sarhan.joud", "جود", "فلاح", "جميل", "السرحان", "female", "2014-08-19", 0, "0007601895", "mafraq", NULL,
     "sarhan.falah", "sarhan.rahaf"},
    {"sarhan.odeh", "عودة", "فلاح", "جميل", "السرحان", "male", "2017-12-03", 0, NULL, "mafraq", NULL, "sarhan.falah",
     "sarhan.rahaf"},
    /* Irbid: a بني X family name and compound first names; Nour al-Huda married into the Ayasrah family. */
    {"baniatiyeh.ibrahim", "إبراهيم", "يوسف", "أحمد", "بني عطية", "male", "1965-07-02", 0, "0005597971", "irbid",
     "0700000433", NULL, NULL},
    {"baniatiyeh.fatima", "فاطمة", "عبد الرحيم", "صالح", "الزيود", "female", "1970-01-15", 0, "0001471049", "irbid",
     "0700000470", NULL, NULL},
    {"baniatiyeh.nouralhuda", "نور الهدى", "إبراهيم", "يوسف", "بني عطية", "female", "1995-04-11", 0, "0007465075",
     "jerash", "0700000507", "baniatiyeh.ibrahim", "baniatiyeh.fatima"},
    {"baniatiyeh.izzaddin", "عز الدين", "إبراهيم", "يوسف", "بني عطية", "male", "1998-12-01", 0, "0002917034", "irbid",
     "0700000544", "baniatiyeh.ibrahim", "baniatiyeh.fatima"},
    {"baniatiyeh.razan", "رزان", "إبراهيم", "يوسف", "بني عطية", "female", "2003-02-17", 0, "0002366712", "irbid",
     "0700000581", "baniatiyeh.ibrahim", "baniatiyeh.fatima"},
    {"baniatiyeh.yousef", "يوسف", "إبراهيم", "يوسف", "بني عطية", "male", "2007-06-09", 0, "0007684268", "irbid", NULL,
     "baniatiyeh.ibrahim", "baniatiyeh.fatima"},
    /* Balqa: an أبو X family name. */
    {"aburumman.ziad", "زياد", "عيسى", "خليل", "أبو رمان", "male", "1969-01-30", 0, "0004656321", "balqa", "0700000618",
     NULL, NULL},
    {"aburumman.rania", "رانية", "منير", "سليم", "الدباس", "female", "1974-08-14", 0, "0002233079", "balqa",
     "0700000655", NULL, NULL},
    {"aburumman.mohannad", "مهند", "زياد", "عيسى", "أبو رمان", "male", "1997-06-12", 0, "0002440268", "amman",
     "0700000692", "aburumman.ziad", "aburumman.rania"},
    {"aburumman.dana", "دانا", "زياد", "عيسى", "أبو رمان", "female", "2001-09-03", 0, "0005995289", "balqa",
     "0700000729", "aburumman.ziad", "aburumman.rania"},
    {"aburumman.issa", "عيسى", "زياد", "عيسى", "أبو رمان", "male", "2005-11-20", 0, "0001760313", "balqa", NULL,
     "aburumman.ziad", "aburumman.rania"},
    /* Jerash: Aisha's record has no grandfather's name. */
    {"ayasrah.hussein", "حسين", "علي", "محمد", "العياصرة", "male", NULL, 1960, "0007215901", "jerash", "0700000766",
     NULL, NULL},
    {"ayasrah.aisha", "عائشة", "سعيد", NULL, "العياصرة", "female", NULL, 1964, NULL, "jerash", NULL, NULL, NULL},
    {"ayasrah.moutaz", "معتز", "حسين", "علي", "العياصرة", "male", "1992-02-25", 0, "0005957117", "jerash", "0700000803",
     "ayasrah.hussein", "ayasrah.aisha"},
    {"ayasrah.bayan", "بيان", "حسين", "علي", "العياصرة", "female", "1995-10-08", 0, "0007774121", "jerash",
     "0700000840", "ayasrah.hussein", "ayasrah.aisha"},
    {"ayasrah.layan", "ليان", "معتز", "حسين", "العياصرة", "female", "2019-03-08", 0, "0005472803", "jerash", NULL,
     "ayasrah.moutaz", "baniatiyeh.nouralhuda"},
    {"ayasrah.hussein2", "حسين", "معتز", "حسين", "العياصرة", "male", "2021-07-15", 0, "0008528084", "jerash", NULL,
     "ayasrah.moutaz", "baniatiyeh.nouralhuda"},
    /* Karak: a behaviour monitor registered Raghad again, without the grandfather's name and with ه for ة. */
    {"maaytah.adel", "عادل", "فارس", "سالم", "المعايطة", "male", "1970-04-04", 0, "0001485253", "karak", "0700000877",
     NULL, NULL},
    {"maaytah.suha", "سهى", "خليل", "إبراهيم", "الضمور", "female", "1975-12-19", 0, "0008885393", "karak", "0700000914",
     NULL, NULL},
    {"maaytah.fares", "فارس", "عادل", "فارس", "المعايطة", "male", "2007-05-28", 0, "0003633875", "karak", NULL,
     "maaytah.adel", "maaytah.suha"},
    {"maaytah.raghad", "رغد", "عادل", "فارس", "المعايطة", "female", "2009-10-10", 0, "0005755131", "karak", NULL,
     "maaytah.adel", "maaytah.suha"},
    {"maaytah.abdulkarim", "عبد الكريم", "عادل", "فارس", "المعايطة", "male", "2012-01-19", 0, "0003735379", "karak",
     NULL, "maaytah.adel", "maaytah.suha"},
    {"maaytah.raghad2", "رغد", "عادل", NULL, "المعايطه", "female", NULL, 2009, NULL, "karak", NULL, NULL, NULL},
    /* Ajloun: a family name without the article; the grandson is named after his grandfather. */
    {"freihat.ahmad", "أحمد", "محمد", "عبد الله", "فريحات", "male", NULL, 1955, "0009075116", "ajloun", "0700000951",
     NULL, NULL},
    {"freihat.zainab", "زينب", "علي", NULL, "فريحات", "female", NULL, 1958, "0003726516", "ajloun", NULL, NULL, NULL},
    {"freihat.mohammad", "محمد", "أحمد", "محمد", "فريحات", "male", "1980-07-07", 0, "0007612220", "ajloun",
     "0700000988", "freihat.ahmad", "freihat.zainab"},
    {"freihat.ali", "علي", "أحمد", "محمد", "فريحات", "male", "1983-03-15", 0, "0002972997", "irbid", "0700001025",
     "freihat.ahmad", "freihat.zainab"},
    {"freihat.sanaa", "سناء", "أحمد", "محمد", "فريحات", "female", "1986-11-02", 0, "0005288200", "ajloun", "0700001062",
     "freihat.ahmad", "freihat.zainab"},
    {"freihat.ahmad2", "أحمد", "محمد", "أحمد", "فريحات", "male", "2005-04-22", 0, "0001826330", "ajloun", "0700001099",
     "freihat.mohammad", NULL},
    /* Aqaba. */
    {"nuaimat.suleiman", "سليمان", "عواد", "مطلق", "النعيمات", "male", "1962-02-20", 0, "0004348395", "aqaba",
     "0700001136", NULL, NULL},
    {"nuaimat.widad", "وداد", "موسى", "عطية", "الحسنات", "female", "1968-09-12", 0, "0004862057", "aqaba", "0700001173",
     NULL, NULL},
    {"nuaimat.abeer", "عبير", "سليمان", "عواد", "النعيمات", "female", "1990-08-30", 0, "0009868282", "aqaba",
     "0700001210", "nuaimat.suleiman", "nuaimat.widad"},
    {"nuaimat.murad", "مراد", "سليمان", "عواد", "النعيمات", "male", "1993-01-11", 0, "0008807290", "aqaba",
     "0700001247", "nuaimat.suleiman", "nuaimat.widad"},
    {"nuaimat.saif", "سيف", "سليمان", "عواد", "النعيمات", "male", "2008-06-06", 0, "0002227918", "aqaba", NULL,
     "nuaimat.suleiman", "nuaimat.widad"},
    /* Zarqa. */
    {"khalayleh.talal", "طلال", "عبد الكريم", "ذياب", "الخلايلة", "male", "1975-09-09", 0, "0008033401", "zarqa",
     "0700001284", NULL, NULL},
    {"khalayleh.iman", "إيمان", "صالح", "محمود", "الزواهرة", "female", "1980-02-14", 0, "0008780175", "zarqa",
     "0700001321", NULL, NULL},
    {"khalayleh.yazan", "يزن", "طلال", "عبد الكريم", "الخلايلة", "male", "2004-12-12", 0, "0009898347", "zarqa",
     "0700001358", "khalayleh.talal", "khalayleh.iman"},
    {"khalayleh.lama", "لمى", "طلال", "عبد الكريم", "الخلايلة", "female", "2007-03-03", 0, "0008878384", "zarqa", NULL,
     "khalayleh.talal", "khalayleh.iman"},
    {"khalayleh.karam", "كرم", "طلال", "عبد الكريم", "الخلايلة", "male", "2010-10-30", 0, "0008372616", "zarqa", NULL,
     "khalayleh.talal", "khalayleh.iman"},
    {"khalayleh.jana", "جنى", "طلال", "عبد الكريم", "الخلايلة", "female", "2013-05-05", 0, "0007513613", "zarqa", NULL,
     "khalayleh.talal", "khalayleh.iman"},
    /* Madaba: a widower, his children and grandchildren. */
    {"shawabkeh.awni", "عوني", "سالم", "عيد", "الشوابكة", "male", NULL, 1946, "0004125242", "madaba", "0700001395",
     NULL, NULL},
    {"shawabkeh.manar", "منار", "عوني", "سالم", "الشوابكة", "female", "1984-04-18", 0, "0007316723", "madaba",
     "0700001432", "shawabkeh.awni", NULL},
    {"shawabkeh.basem", "باسم", "عوني", "سالم", "الشوابكة", "male", "1987-08-08", 0, "0002686563", "madaba",
     "0700001469", "shawabkeh.awni", NULL},
    {"shawabkeh.samar", "سمر", "نايف", NULL, "العكور", "female", "1989-05-23", 0, "0005515058", "madaba", "0700001506",
     NULL, NULL},
    {"shawabkeh.tala", "تالا", "باسم", "عوني", "الشوابكة", "female", "2012-02-02", 0, "0007706589", "madaba", NULL,
     "shawabkeh.basem", "shawabkeh.samar"},
    {"shawabkeh.awni2", "عوني", "باسم", "عوني", "الشوابكة", "male", "2015-09-19", 0, "0004811311", "madaba", NULL,
     "shawabkeh.basem", "shawabkeh.samar"},
    /* Tafilah. */
    {"hajaya.saleh", "صالح", "مبارك", "عطا الله", "الحجايا", "male", "1966-03-27", 0, "0004402426", "tafilah",
     "0700001543", NULL, NULL},
    {"hajaya.najla", "نجلاء", "عبد الحميد", "سعود", "القرالة", "female", "1971-06-21", 0, "0005140261", "tafilah",
     "0700001580", NULL, NULL},
    {"hajaya.baraa", "براءة", "صالح", "مبارك", "الحجايا", "female", "1996-09-14", 0, "0004014193", "tafilah",
     "0700001617", "hajaya.saleh", "hajaya.najla"},
    {"hajaya.moayad", "مؤيد", "صالح", "مبارك", "الحجايا", "male", "1999-12-31", 0, "0001417058", "tafilah",
     "0700001654", "hajaya.saleh", "hajaya.najla"},
    {"hajaya.doha", "ضحى", "صالح", "مبارك", "الحجايا", "female", "2004-04-04", 0, "0006492083", "tafilah", NULL,
     "hajaya.saleh", "hajaya.najla"},
    /* Ma'an: Mustafa is also the guardian of his orphaned nephew Ammar. */
    {"kreishan.mustafa", "مصطفى", "عبد الله", "حسن", "الكريشان", "male", "1973-11-05", 0, "0001240234", "maan",
     "0700001691", NULL, NULL},
    {"kreishan.amal", "أمل", "فهد", "عقلة", "الكريشان", "female", "1978-01-27", 0, "0004834782", "maan", "0700001728",
     NULL, NULL},
    {"kreishan.aya", "آية", "مصطفى", "عبد الله", "الكريشان", "female", "2001-05-15", 0, "0004504000", "maan",
     "0700001765", "kreishan.mustafa", "kreishan.amal"},
    {"kreishan.abdullah", "عبد الله", "مصطفى", "عبد الله", "الكريشان", "male", "2003-08-09", 0, "0008838737", "maan",
     "0700001802", "kreishan.mustafa", "kreishan.amal"},
    {"kreishan.anas", "أنس", "مصطفى", "عبد الله", "الكريشان", "male", "2009-02-28", 0, "0001678684", "maan", NULL,
     "kreishan.mustafa", "kreishan.amal"},
    {"kreishan.ammar", "عمار", "سامي", "عبد الله", "الكريشان", "male", "2011-10-10", 0, "0003353265", "maan", NULL,
     NULL, NULL},
};

/* What a few records have beside the common fields; the others are Jordanians registered by the caseworker. */
typedef struct {
    const char *key, *registered_by, *latin_name, *nationality, *document_type, *document_number, *address, *disability;
} DemoPersonDetails;

static const DemoPersonDetails demo_person_details[] = {
    {"abuzaid.abdullah", NULL, "Abdullah Mahmoud Abu Zaid", NULL, NULL, NULL, "عمان - جبل النزهة", NULL},
    {"abuzaid.asmaa", NULL, "Asmaa Abdullah Abu Zaid", NULL, NULL, NULL, "عمان - جبل النزهة", NULL},
    {"abuzaid.asmaa2", "officer", NULL, NULL, NULL, NULL, "عمان - النزهة", NULL},
    {"sarhan.rahaf", NULL, "Rahaf Mohammad Deeb al-Halabi", "SY", "refugee_card", "DEMO-000417", "المفرق - حي الحسين",
     NULL},
    {"maaytah.raghad2", "monitor", NULL, NULL, NULL, NULL, NULL, NULL},
    {"freihat.sanaa", NULL, NULL, NULL, NULL, NULL, "عجلون - عين جنا", "visual"},
    {"shawabkeh.awni", NULL, NULL, NULL, NULL, NULL, "مادبا - حي الشوابكة", "physical"},
    {"kreishan.ammar", NULL, NULL, NULL, NULL, NULL, "معان - حي الطور", NULL},
};

/* Links the parents above do not say: spouses, a guardian, and the duplicate registered with her brother.
 * Read as "the second is the first's relation". */
static const char *const demo_links[][3] = {
    {"abuzaid.mahmoud", "spouse", "abuzaid.amina"},
    {"abuzaid.abdullah", "spouse", "sarhan.haifa"},
    {"abuzaid.asmaa2", "sibling", "abuzaid.yousef"},
    {"sarhan.jamil", "spouse", "sarhan.mariam"},
    {"sarhan.falah", "spouse", "sarhan.rahaf"},
    {"baniatiyeh.ibrahim", "spouse", "baniatiyeh.fatima"},
    {"baniatiyeh.nouralhuda", "spouse", "ayasrah.moutaz"},
    {"aburumman.ziad", "spouse", "aburumman.rania"},
    {"ayasrah.hussein", "spouse", "ayasrah.aisha"},
    {"maaytah.adel", "spouse", "maaytah.suha"},
    {"freihat.ahmad", "spouse", "freihat.zainab"},
    {"nuaimat.suleiman", "spouse", "nuaimat.widad"},
    {"khalayleh.talal", "spouse", "khalayleh.iman"},
    {"shawabkeh.basem", "spouse", "shawabkeh.samar"},
    {"hajaya.saleh", "spouse", "hajaya.najla"},
    {"kreishan.mustafa", "spouse", "kreishan.amal"},
    {"kreishan.ammar", "guardian", "kreishan.mustafa"},
};

enum { DEMO_PERSON_COUNT = sizeof demo_persons / sizeof demo_persons[0] };

static int add_unit(Ctx *ctx, const char *code, const char *name_ar, const char *name_en, const char *type,
                    const char *agency, const char *governorate, const char *parent_code)
{
    Unit unit = {.code = (char *)code,
                 .name_ar = (char *)name_ar,
                 .name_en = (char *)name_en,
                 .type = (char *)type,
                 .agency = (char *)agency,
                 .governorate = (char *)governorate};
    if (parent_code) {
        Unit parent;
        int rc = store_unit_get_by_code(ctx->db, parent_code, ctx->arena, &parent);
        if (rc != TK_OK)
            return rc;
        unit.parent_id = parent.id;
    }
    return domain_unit_create(ctx, &unit);
}

/* Each governorate has a ministry directorate, a Family and Juvenile Protection office with the ministry's
 * social service office inside it, a juvenile police office and an office of behaviour monitors. */
static int add_governorate_units(Ctx *ctx, const CodeEntry *gov)
{
    char upper[16], code[5][40], name_ar[5][160], name_en[5][160];
    size_t i = 0;
    for (; gov->code[i] && i < 3; i++)
        upper[i] = (char)(gov->code[i] - 'a' + 'A');
    upper[i] = '\0';
    if (strcmp(gov->code, "maan") == 0)
        strcpy(upper, "MAN");
    snprintf(code[0], 40, "DIR-%s", upper);
    snprintf(name_ar[0], 160, "مديرية التنمية الاجتماعية - %s", gov->name_ar);
    snprintf(name_en[0], 160, "Social Development Directorate - %s", gov->name_en);
    snprintf(code[1], 40, "FJPD-%s", upper);
    snprintf(name_ar[1], 160, "قسم حماية الأسرة والأحداث - %s", gov->name_ar);
    snprintf(name_en[1], 160, "Family and Juvenile Protection - %s", gov->name_en);
    snprintf(code[2], 40, "SSO-%s", upper);
    snprintf(name_ar[2], 160, "مكتب الخدمة الاجتماعية - حماية الأسرة %s", gov->name_ar);
    snprintf(name_en[2], 160, "Social Service Office - Family Protection %s", gov->name_en);
    snprintf(code[3], 40, "JPO-%s", upper);
    snprintf(name_ar[3], 160, "شرطة الأحداث - %s", gov->name_ar);
    snprintf(name_en[3], 160, "Juvenile Police - %s", gov->name_en);
    snprintf(code[4], 40, "MON-%s", upper);
    snprintf(name_ar[4], 160, "مراقبو السلوك - محكمة أحداث %s", gov->name_ar);
    snprintf(name_en[4], 160, "Behaviour Monitors - %s Juvenile Court", gov->name_en);
    int rc = add_unit(ctx, code[0], name_ar[0], name_en[0], "directorate", "mosd", gov->code, "MOSD-HQ");
    if (rc == TK_OK)
        rc = add_unit(ctx, code[1], name_ar[1], name_en[1], "fjpd_office", "psd", gov->code, "FJPD-HQ");
    if (rc == TK_OK)
        rc = add_unit(ctx, code[2], name_ar[2], name_en[2], "social_service_office", "mosd", gov->code, code[1]);
    if (rc == TK_OK)
        rc = add_unit(ctx, code[3], name_ar[3], name_en[3], "juvenile_police_office", "psd", gov->code, code[1]);
    if (rc == TK_OK)
        rc = add_unit(ctx, code[4], name_ar[4], name_en[4], "monitor_office", "mosd", gov->code, code[0]);
    return rc;
}

static uint32_t roles_of(const char *list)
{
    uint32_t roles = 0;
    char copy[128];
    snprintf(copy, sizeof copy, "%s", list);
    for (char *save = NULL, *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save))
        roles |= codes_role_bit(part);
    return roles;
}

static int demo_person_find(const char *key)
{
    for (int i = 0; key && i < DEMO_PERSON_COUNT; i++)
        if (strcmp(demo_persons[i].key, key) == 0)
            return i;
    return -1;
}

static const DemoPersonDetails *demo_details_of(const char *key)
{
    for (size_t i = 0; i < sizeof demo_person_details / sizeof demo_person_details[0]; i++)
        if (strcmp(demo_person_details[i].key, key) == 0)
            return &demo_person_details[i];
    return NULL;
}

/* Makes the demo user named the acting user, as though they had signed in at the console. */
void demo_act_as_console(Ctx *ctx)
{
    ctx->user = NULL;
    ctx->unit = NULL;
    ctx->command_line = true;
}

static void act_as(Ctx *ctx, const User *users, const Unit *units, const char *username)
{
    for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
        if (strcmp(demo_users[i].username, username) == 0) {
            ctx->user = &users[i];
            ctx->unit = &units[i];
            ctx->command_line = false;
        }
    }
}

/* Registers every demo person through the registry's own rules, each by the user who would have; ids[i] is the id
 * of demo_persons[i]. */
static int add_persons(Ctx *ctx, const User *users, const Unit *units, int64_t ids[DEMO_PERSON_COUNT])
{
    int rc = TK_OK;
    for (int i = 0; i < DEMO_PERSON_COUNT && rc == TK_OK; i++) {
        const DemoPerson *d = &demo_persons[i];
        const DemoPersonDetails *more = demo_details_of(d->key);
        Person person = {.first_name = (char *)d->first_name,
                         .father_name = (char *)d->father_name,
                         .grandfather_name = (char *)d->grandfather_name,
                         .family_name = (char *)d->family_name,
                         .sex = (char *)d->sex,
                         .birth_date = (char *)d->birth_date,
                         .birth_year = d->birth_year,
                         .birth_year_estimated = d->birth_date == NULL,
                         .national_id = (char *)d->national_id,
                         .governorate = (char *)d->governorate,
                         .nationality = "JO"};
        if (more) {
            person.latin_name = (char *)more->latin_name;
            person.document_type = (char *)more->document_type;
            person.document_number = (char *)more->document_number;
            person.address = (char *)more->address;
            person.disability = (char *)more->disability;
            if (more->nationality)
                person.nationality = (char *)more->nationality;
        }
        const char *phone = d->phone;
        PhoneList phones = {.items = &phone, .count = phone ? 1 : 0};
        act_as(ctx, users, units, more && more->registered_by ? more->registered_by : "caseworker");
        rc = domain_person_create(ctx, &person, &phones);
        ids[i] = person.id;
    }
    return rc;
}

static int add_link(Ctx *ctx, const int64_t ids[DEMO_PERSON_COUNT], const char *person_key, const char *relation,
                    const char *relative_key)
{
    int person = demo_person_find(person_key), relative = demo_person_find(relative_key);
    if (person < 0 || relative < 0)
        return fault_set(ctx->fault, TK_ERR_INVALID, "demo.unknown_person");
    return domain_person_link_add(ctx, ids[person], ids[relative], relation, 0, NULL, NULL);
}

static bool same_parent(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Parents, grandparents (through the parents' own parents), siblings (a parent in common), then the links of
 * demo_links; linked by the caseworker. Returns the number of links through count. */
static int add_family_links(Ctx *ctx, const int64_t ids[DEMO_PERSON_COUNT], int *count)
{
    int rc = TK_OK;
    *count = 0;
    for (int i = 0; i < DEMO_PERSON_COUNT && rc == TK_OK; i++) {
        const DemoPerson *d = &demo_persons[i];
        const char *parents[2] = {d->father_key, d->mother_key};
        for (int p = 0; p < 2 && rc == TK_OK; p++) {
            if (!parents[p])
                continue;
            rc = add_link(ctx, ids, d->key, "parent", parents[p]);
            (*count)++;
            int parent = demo_person_find(parents[p]);
            const char *grandparents[2] = {parent >= 0 ? demo_persons[parent].father_key : NULL,
                                           parent >= 0 ? demo_persons[parent].mother_key : NULL};
            for (int g = 0; g < 2 && rc == TK_OK; g++) {
                if (grandparents[g]) {
                    rc = add_link(ctx, ids, d->key, "grandparent", grandparents[g]);
                    (*count)++;
                }
            }
        }
        for (int j = 0; j < i && rc == TK_OK; j++) {
            const DemoPerson *e = &demo_persons[j];
            if (same_parent(d->father_key, e->father_key) || same_parent(d->mother_key, e->mother_key)) {
                rc = add_link(ctx, ids, d->key, "sibling", e->key);
                (*count)++;
            }
        }
    }
    for (size_t i = 0; i < sizeof demo_links / sizeof demo_links[0] && rc == TK_OK; i++) {
        rc = add_link(ctx, ids, demo_links[i][0], demo_links[i][1], demo_links[i][2]);
        (*count)++;
    }
    return rc;
}

int domain_demo_fill(Ctx *ctx, FILE *out)
{
    Unit *existing;
    int count = 0;
    int64_t next = 0;
    UnitFilter filter = {.limit = 1};
    int rc = store_unit_list(ctx->db, &filter, ctx->arena, &existing, &count, &next);
    if (rc != TK_OK)
        return rc;
    if (count > 0)
        return fault_set(ctx->fault, TK_ERR_EXISTS, "demo.not_empty");
    for (size_t i = 0; i < 4 && rc == TK_OK; i++) {
        const DemoUnit *u = &national_units[i];
        rc = add_unit(ctx, u->code, u->name_ar, u->name_en, u->type, u->agency, u->governorate, u->parent_code);
    }
    for (int i = 0; i < codes_governorates.count && rc == TK_OK; i++)
        rc = add_governorate_units(ctx, &codes_governorates.entries[i]);
    for (size_t i = 4; i < sizeof national_units / sizeof national_units[0] && rc == TK_OK; i++) {
        const DemoUnit *u = &national_units[i];
        rc = add_unit(ctx, u->code, u->name_ar, u->name_en, u->type, u->agency, u->governorate, u->parent_code);
    }
    if (rc != TK_OK)
        return rc;
    enum { USER_COUNT = sizeof demo_users / sizeof demo_users[0] };
    User users[USER_COUNT];
    Unit units[USER_COUNT];
    fprintf(out, "Demo users (synthetic; for trying Takamul only):\n");
    for (size_t i = 0; i < USER_COUNT && rc == TK_OK; i++) {
        const DemoUser *d = &demo_users[i];
        if ((rc = store_unit_get_by_code(ctx->db, d->unit_code, ctx->arena, &units[i])) != TK_OK)
            break;
        char password[64];
        snprintf(password, sizeof password, "takamul-demo-%s", d->username);
        users[i] = (User){.username = (char *)d->username,
                          .full_name = (char *)d->full_name,
                          .sex = (char *)d->sex,
                          .unit_id = units[i].id,
                          .roles = roles_of(d->roles)};
        rc = domain_user_create(ctx, &users[i], password);
        if (rc == TK_OK)
            fprintf(out, "  %-11s password %-26s %s\n", d->username, password, units[i].name_en);
    }
    if (rc == TK_OK)
        rc = demo_fill_homes(ctx, out);
    if (rc != TK_OK)
        return rc;
    /* The registry is filled by the demo users themselves: the console may not register persons. */
    int64_t ids[DEMO_PERSON_COUNT];
    int links = 0;
    rc = add_persons(ctx, users, units, ids);
    if (rc == TK_OK) {
        act_as(ctx, users, units, "caseworker");
        rc = add_family_links(ctx, ids, &links);
    }
    demo_act_as_console(ctx);
    if (rc == TK_OK)
        fprintf(out,
                "Demo persons: %d synthetic persons in 12 families, %d family links; their national numbers "
                "begin with 000.\n",
                DEMO_PERSON_COUNT, links);
    if (rc == TK_OK)
        rc = demo_fill_cases(ctx, out);
    if (rc == TK_OK)
        rc = demo_fill_centres(ctx, out);
    if (rc == TK_OK)
        rc = demo_fill_committee(ctx, out);
    return rc;
}
