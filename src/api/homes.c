/* Homes and placements (domain/homes/homes.h): the homes and their occupancy, a home's register, the placements of a
 * case and the movements of a placement. */
#include <string.h>

#include "api/body.h"
#include "api/handlers.h"
#include "api/home_register.h"
#include "base/clock.h"
#include "base/err.h"
#include "domain/homes/homes.h"

static json_t *places_json(const Home *h)
{
    json_t *array = json_array();
    for (int i = 0; i < h->place_count; i++) {
        const HomePlaces *p = &h->places[i];
        json_t *j = json_pack("{s:o, s:s, s:s, s:I, s:I, s:I}", "room_id", api_id_or_null(p->room_id), "sex", p->sex,
                              "age_band", p->age_band, "places", (json_int_t)p->places, "occupied",
                              (json_int_t)p->occupied, "free",
                              (json_int_t)(p->places > p->occupied ? p->places - p->occupied : 0));
        json_array_append_new(array, j);
    }
    return array;
}

/* A home and its occupancy: no names of residents. */
static json_t *home_json(const Home *h)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)h->id, "home_type", h->home_type, "name_ar",
                          h->name_ar, "name_en", h->name_en);
    json_object_set_new(j, "governorate", api_text_or_null(h->governorate));
    json_object_set_new(j, "statuses", api_codes_array(h->statuses));
    json_t *rooms = json_array();
    for (int i = 0; i < h->room_count; i++)
        json_array_append_new(rooms,
                              json_pack("{s:I, s:s}", "id", (json_int_t)h->rooms[i].id, "name", h->rooms[i].name));
    json_object_set_new(j, "rooms", rooms);
    json_object_set_new(j, "places", places_json(h));
    int64_t capacity = 0;
    for (int i = 0; i < h->place_count; i++)
        capacity += h->places[i].places;
    json_object_set_new(j, "capacity", json_integer(capacity));
    json_object_set_new(j, "version", json_integer(h->version));
    return j;
}

int api_homes(Request *req)
{
    Home *items = NULL;
    int count = 0;
    int rc = domain_homes(&req->ctx, &items, &count);
    if (rc != TK_OK)
        return rc;
    json_t *array = json_array();
    for (int i = 0; i < count; i++) {
        json_t *j = home_json(&items[i]);
        json_object_set_new(j, "residents", json_integer(items[i].residents));
        json_object_set_new(j, "overstays", json_integer(items[i].overstays));
        json_object_set_new(j, "absences", json_integer(items[i].absences));
        json_object_set_new(j, "capacity_overrides", json_integer(items[i].capacity_overrides));
        json_array_append_new(array, j);
    }
    api_respond(req, 200, json_pack("{s:o}", "items", array));
    return TK_OK;
}

API_GET_HANDLER(api_home_get, Home, domain_home_get, home_json)

/* POST /homes: {"unit_id", "home_type", "statuses": [...], "rooms": ["name", …], "places": [{"room": index+1 | null,
 * "sex", "age_band", "places"}]}. */
/* A home's statuses, rooms and places from a body: rooms as names (POST) or as {"id", "name"} (PATCH: no id for a
 * new one); places [{"room": index+1 in rooms | null, "sex", "age_band", "places"}]. */
static int read_home(Request *req, json_t *body, Home *home, bool room_objects)
{
    json_t *rooms = json_object_get(body, "rooms");
    home->room_count = json_is_array(rooms) ? (int)json_array_size(rooms) : 0;
    home->rooms = arena_calloc(&req->arena, (size_t)home->room_count + 1, sizeof(HomeRoom));
    for (int i = 0; i < home->room_count; i++) {
        json_t *room = json_array_get(rooms, (size_t)i);
        json_t *name = room_objects ? json_object_get(room, "name") : room, *id = json_object_get(room, "id");
        if (!json_is_string(name) ||
            (room_objects && ((id && !json_is_null(id) && !json_is_integer(id)) || json_object_size(room) > 2)))
            return fault_field(req->ctx.fault, TK_ERR_INVALID, "field.invalid", "rooms");
        home->rooms[i] = (HomeRoom){.id = json_is_integer(id) ? json_integer_value(id) : 0,
                                    .name = arena_strdup(&req->arena, json_string_value(name))};
        if (home->rooms[i].id < 0)
            return fault_field(req->ctx.fault, TK_ERR_INVALID, "field.invalid", "rooms");
    }
    json_t *places = json_object_get(body, "places");
    home->place_count = (int)json_array_size(places);
    home->places = arena_calloc(&req->arena, (size_t)home->place_count + 1, sizeof(HomePlaces));
    for (int i = 0; i < home->place_count; i++) {
        json_t *p = json_array_get(places, (size_t)i);
        json_t *room = json_object_get(p, "room"), *sex = json_object_get(p, "sex"),
               *band = json_object_get(p, "age_band"), *n = json_object_get(p, "places");
        if (!json_is_string(sex) || !json_is_string(band) || !json_is_integer(n) ||
            (room && !json_is_null(room) && !json_is_integer(room)) || json_object_size(p) > 4)
            return fault_field(req->ctx.fault, TK_ERR_INVALID, "field.invalid", "places");
        home->places[i] = (HomePlaces){.room_id = json_is_integer(room) ? json_integer_value(room) : 0,
                                       .sex = arena_strdup(&req->arena, json_string_value(sex)),
                                       .age_band = arena_strdup(&req->arena, json_string_value(band)),
                                       .places = json_integer_value(n)};
    }
    return TK_OK;
}

/* POST /homes (a unit made a home: its type, rooms as names) or PATCH /homes/{id} (at its version, rooms as objects). */
static int save_home(Request *req, bool add)
{
    static const FieldSpec add_specs[] = {
        BODY_CHECK("unit_id", FIELD_INTEGER, true, 0),
        BODY_ROWS(Home, (home_type, FIELD_STRING, true, 40), (statuses, FIELD_STRING_ARRAY_OR_NULL, false, 20)),
        BODY_CHECK("rooms", FIELD_STRING_ARRAY_OR_NULL, false, 100),
        BODY_CHECK("places", FIELD_OBJECT_ARRAY, true, 0),
        {0}};
    static const FieldSpec update_specs[] = {
        BODY_ROWS(Home, (version, FIELD_INTEGER, true, 0), (statuses, FIELD_STRING_ARRAY_OR_NULL, true, 20)),
        BODY_CHECK("rooms", FIELD_OBJECT_ARRAY, true, 0),
        BODY_CHECK("places", FIELD_OBJECT_ARRAY, true, 0),
        {0}};
    Home home = {0};
    json_t *body;
    int rc = api_body_keep(req, add ? add_specs : update_specs, &home, &body);
    if (rc != TK_OK)
        return rc;
    home.id = add ? api_field_int(body, "unit_id") : req->params[0];
    rc = read_home(req, body, &home, !add);
    json_decref(body);
    if (rc == TK_OK)
        rc = add ? domain_home_add(&req->ctx, &home) : domain_home_update(&req->ctx, &home);
    if (rc == TK_OK && (rc = domain_home_get(&req->ctx, home.id, &home)) == TK_OK)
        api_respond(req, add ? 201 : 200, home_json(&home));
    return rc;
}

int api_home_add(Request *req)
{
    return save_home(req, true);
}

int api_home_update(Request *req)
{
    return save_home(req, false);
}

/* A placement as its case and the register show it. */
static const RenderMember placement_members[] = RENDER_TABLE(
    Placement, (id, OUT_PLAIN), (case_id, OUT_PLAIN), (person_id, OUT_PLAIN), (home_id, OUT_PLAIN),
    (legal_status, OUT_PLAIN), (sex, OUT_PLAIN), (age_band, OUT_PLAIN), (state, OUT_PLAIN), (home_name, OUT_OR_NULL),
    (person_name, OUT_OR_NULL), (case_reference, OUT_OR_NULL), (room_id, OUT_OR_NULL), (room_name, OUT_OR_NULL),
    (measure_id, OUT_OR_NULL), (consent_id, OUT_OR_NULL), (measure_kind, OUT_OR_NULL), (measure_ends_on, OUT_OR_NULL),
    (admitted_at, OUT_TIME), (discharged_at, OUT_TIME), (discharge_reason, OUT_OR_NULL), (transferred_at, OUT_TIME),
    (family_notified_at, OUT_TIME), (capacity_override, OUT_OR_NULL));

static json_t *placement_json(const Placement *p, const char *today)
{
    json_t *j = api_render_new(p, placement_members);
    json_object_set_new(j, "overstay", json_boolean(placement_overstay(p, today)));
    json_object_set_new(j, "due_for_discharge", json_boolean(placement_due_for_discharge(p, today)));
    json_object_set_new(j, "version", json_integer(p->version));
    return j;
}

int api_home_register(Request *req)
{
    const char *format = NULL;
    if (api_query_text(req, "format", &format))
        return TK_ERR_INVALID;
    if (format && strcmp(format, "json") != 0 && strcmp(format, "pdf") != 0)
        return fault_field(&req->fault, TK_ERR_INVALID, "query.invalid", "format");
    bool pdf = format && strcmp(format, "pdf") == 0;
    HomeRegister reg;
    int rc = domain_home_register(&req->ctx, req->params[0], pdf, &reg);
    if (rc != TK_OK)
        return rc;
    if (pdf)
        return api_home_register_pdf(req, &reg);
    json_t *residents = json_array(), *due = json_array(), *overstays = json_array(), *absences = json_array();
    json_t *statuses = json_object();
    for (int i = 0; i < reg.resident_count; i++) {
        const Placement *p = &reg.residents[i];
        json_t *j = placement_json(p, reg.today);
        if (json_is_true(json_object_get(j, "due_for_discharge")))
            json_array_append_new(due, json_integer(p->id));
        if (json_is_true(json_object_get(j, "overstay")))
            json_array_append_new(overstays, json_integer(p->id));
        if (strcmp(p->state, "absent") == 0)
            json_array_append_new(absences, json_integer(p->id));
        json_t *n = json_object_get(statuses, p->legal_status);
        json_object_set_new(statuses, p->legal_status, json_integer(n ? json_integer_value(n) + 1 : 1));
        json_array_append_new(residents, j);
    }
    json_t *body = json_pack("{s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "home", home_json(&reg.home), "today", reg.today,
                             "residents", residents, "by_status", statuses, "due_for_discharge", due, "overstays",
                             overstays, "absences", absences);
    json_object_set_new(body, "count", json_integer(reg.resident_count));
    api_respond(req, 200, body);
    return TK_OK;
}

/* A time of the body: ISO-8601; 0 when absent; a fault naming the field when malformed. */
static int body_time(Request *req, json_t *body, const char *name, int64_t *out)
{
    *out = 0;
    const char *text = api_field_text(body, name);
    if (text && !clock_parse_iso(text, out))
        return fault_field(req->ctx.fault, TK_ERR_INVALID, "field.time", name);
    return TK_OK;
}

/* The placements of a case, each told against today. */
static int placements_answer(Request *req, const Placement *items, int count)
{
    char today[11];
    clock_amman_today(today);
    json_t *array = API_ARRAY_OF(items, count, placement_json, today);
    api_respond_case_items(req, 200, array);
    return TK_OK;
}
API_LIST_ANSWER_HANDLER(api_case_placements, Placement, domain_case_placements, 1, placements_answer)

/* An admission's body, for a case (POST /cases/{id}/placements) or for a home by the case's reference (POST
 * /homes/{id}/admissions): the one reads home_id, the other case_reference. */
typedef struct {
    AdmissionRequest admission;
    const char *case_reference;
} AdmissionBody;
static const FieldSpec admission_specs[] = {
    BODY_ROWS(AdmissionBody, (admission.person_id, FIELD_INTEGER_OR_NULL, false, 0),
              (admission.home_id, FIELD_INTEGER, true, 0), (admission.room_id, FIELD_INTEGER_OR_NULL, false, 0),
              (admission.measure_id, FIELD_INTEGER_OR_NULL, false, 0),
              (admission.consent_id, FIELD_INTEGER_OR_NULL, false, 0),
              (admission.order_number, FIELD_STRING_OR_NULL, false, 60)),
    BODY_CHECK("admitted_at", FIELD_STRING, true, 40),
    BODY_ROWS(AdmissionBody, (admission.override_reason, FIELD_STRING_OR_NULL, false, 1000)),
    {0}};
static const FieldSpec admission_by_reference_specs[] = {
    BODY_ROWS(AdmissionBody, (case_reference, FIELD_STRING, true, 40),
              (admission.person_id, FIELD_INTEGER_OR_NULL, false, 0),
              (admission.room_id, FIELD_INTEGER_OR_NULL, false, 0), (admission.order_number, FIELD_STRING, true, 60)),
    BODY_CHECK("admitted_at", FIELD_STRING, true, 40),
    BODY_ROWS(AdmissionBody, (admission.override_reason, FIELD_STRING_OR_NULL, false, 1000)),
    {0}};

static int admit(Request *req, bool by_reference)
{
    AdmissionBody read = {0};
    json_t *body;
    int rc = api_body_keep(req, by_reference ? admission_by_reference_specs : admission_specs, &read, &body);
    if (rc == TK_OK)
        rc = body_time(req, body, "admitted_at", &read.admission.admitted_at);
    json_decref(body);
    if (rc != TK_OK)
        return rc;
    Placement out;
    rc = by_reference ? domain_home_admit(&req->ctx, req->params[0], read.case_reference, &read.admission, &out)
                      : domain_placement_admit(&req->ctx, req->params[0], &read.admission, &out);
    if (rc == TK_OK) {
        char today[11];
        clock_amman_today(today);
        api_respond(req, 201, placement_json(&out, today));
    }
    return rc;
}

int api_case_placement_admit(Request *req)
{
    return admit(req, false);
}

int api_home_admit(Request *req)
{
    return admit(req, true);
}

API_RENDERER(movement_json, PlacementMovement, (id, OUT_PLAIN), (placement_id, OUT_PLAIN), (kind, OUT_PLAIN),
             (at, OUT_TIME), (reason, OUT_OR_NULL), (from_home_id, OUT_OR_NULL), (to_home_id, OUT_OR_NULL),
             (expected_return_at, OUT_TIME), (override_reason, OUT_OR_NULL), (recorded_by_name, OUT_OR_NULL),
             (recorded_at, OUT_TIME))

/* The movements of the placement of the path (the placement itself is not answered). */
static int movements_answer(Request *req, const Placement *placement, const PlacementMovement *items, int count)
{
    (void)placement;
    api_respond_items(req, "placement_id", req->params[0], API_ARRAY_OF(items, count, movement_json));
    return TK_OK;
}
API_PARENT_LIST_HANDLER(api_placement_movements, Placement, PlacementMovement, domain_placement_movements,
                        movements_answer)

int api_placement_move(Request *req)
{
    static const FieldSpec specs[] = {
        BODY_ROWS(MovementRequest, (version, FIELD_INTEGER, true, 0), (kind, FIELD_STRING, true, 20)),
        BODY_CHECK("at", FIELD_STRING, true, 40),
        BODY_ROWS(MovementRequest, (reason, FIELD_STRING_OR_NULL, false, 1000),
                  (to_home_id, FIELD_INTEGER_OR_NULL, false, 0), (room_id, FIELD_INTEGER_OR_NULL, false, 0)),
        BODY_CHECK("expected_return_at", FIELD_STRING_OR_NULL, false, 40),
        BODY_ROWS(MovementRequest, (discharge_reason, FIELD_STRING_OR_NULL, false, 40),
                  (override_reason, FIELD_STRING_OR_NULL, false, 1000)),
        {0}};
    MovementRequest in = {0};
    json_t *body;
    int rc = api_body_keep(req, specs, &in, &body);
    if (rc == TK_OK)
        rc = body_time(req, body, "at", &in.at);
    if (rc == TK_OK)
        rc = body_time(req, body, "expected_return_at", &in.expected_return_at);
    json_decref(body);
    if (rc != TK_OK)
        return rc;
    Placement out;
    PlacementMovement movement;
    rc = domain_placement_move(&req->ctx, req->params[0], &in, &out, &movement);
    if (rc == TK_OK) {
        char today[11];
        clock_amman_today(today);
        json_t *j = movement_json(&movement);
        json_object_set_new(j, "placement", placement_json(&out, today));
        api_respond(req, 201, j);
    }
    return rc;
}
