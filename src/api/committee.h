/* What the committee's handlers (api/committee.c, api/committee_groups.c) share. */
#ifndef TAKAMUL_API_COMMITTEE_H
#define TAKAMUL_API_COMMITTEE_H

#include <jansson.h>

#include "api/body.h"
#include "api/handlers.h"
#include "model/committee.h"

json_t *api_committee_event_json(const CommitteeEvent *e);
/* static int name(Request *req, int64_t id, int status): answers the committee's record of that id (read by get,
 * with its history) rendered with its "history". */
#define API_COMMITTEE_RESPOND(name, Type, get, render)                                                                 \
    static int name(Request *req, int64_t id, int status)                                                              \
    {                                                                                                                  \
        Type record;                                                                                                   \
        CommitteeEvent *history = NULL;                                                                                \
        int history_count = 0;                                                                                         \
        int rc = get(&req->ctx, id, &record, &history, &history_count);                                                \
        if (rc == TK_OK) {                                                                                             \
            json_t *j = render(&record);                                                                               \
            json_object_set_new(j, "history", API_ARRAY_OF(history, history_count, api_committee_event_json));         \
            api_respond(req, status, j);                                                                               \
        }                                                                                                              \
        return rc;                                                                                                     \
    }

#endif
