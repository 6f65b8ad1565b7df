/* Inside api/ only: a case as its reader sees it, in JSON, for the files of the case handlers. */
#ifndef TAKAMUL_API_CASE_VIEW_H
#define TAKAMUL_API_CASE_VIEW_H

#include <jansson.h>

#include "domain/cases/cases.h"

/* The whole case with its workers and what the reader may do; a unit that sees it through a referral gets the shared
 * sections only. A new reference. */
json_t *api_case_view_json(const CaseView *view);

#endif
