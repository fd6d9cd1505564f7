/* challenge.c — 揭榜挂帅's steps that span records (challenge.h). */
#include "challenge.h"
#include "../core/jsonx.h"
#include "../core/validate.h"
#include "engine.h"
#include <string.h>

int64_t kz_challenge_subsidy(int64_t amount_fen, int64_t pct)
{
    return (amount_fen * pct + 50) / 100;
}

db_status kz_challenge_award(db_conn *c, const kz_rec_row *r, json_t *data, bool *edited,
                             kz_err *refused, kz_error *e)
{
    json_t *won;
    db_status st =
        kz_kind_children(&kz_kind_challenge_application, c, r->id, "won", KZ_CHILDREN_MAX, &won);
    const char *mode = kz_json_str(data, "mode");
    bool race = mode && !strcmp(mode, "race");
    size_t n = json_array_size(won);
    json_int_t pct = json_integer_value(json_object_get(data, "solver_subsidy_pct"));
    json_int_t sum = 0, subsidy = 0;
    json_t *winners = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *a = json_array_get(won, i);
        json_int_t amount = json_integer_value(json_object_get(a, "contract_amount_fen"));
        json_int_t s = kz_challenge_subsidy(amount, pct);
        sum += amount;
        subsidy += s;
        json_array_append_new(winners, json_pack("{s:O, s:O, s:O, s:O, s:I, s:I}", "application_id",
                                                 json_object_get(a, "id"), "org_id",
                                                 json_object_get(a, "org_id"), "org_name",
                                                 json_object_get(a, "org_name"), "title",
                                                 json_object_get(a, "title"), "contract_amount_fen",
                                                 amount, "solver_subsidy_fen", s));
    }
    json_decref(won);
    if (st != DB_OK) {
        json_decref(winners);
        return st;
    }
    const char *why = !n               ? "还没有中榜的揭榜申请，不能签约立项"
                      : n > 1 && !race ? "单一揭榜的榜单只能有一个中榜单位"
                      : sum > json_integer_value(json_object_get(data, "budget_fen"))
                          ? "中榜合同金额合计超过榜单金额"
                          : NULL;
    if (why) {
        json_decref(winners);
        *refused = kz_fail(e, KZ_E_CONFLICT, why);
        return DB_HARD;
    }
    json_object_set_new(data, "winners", winners);
    json_object_set_new(data, "awarded_fen", json_integer(sum));
    json_object_set_new(data, "subsidy_fen", json_integer(subsidy));
    *edited = true;
    return DB_OK;
}

int kz_challenge_close_due(db_conn *c)
{
    char today[11];
    kz_today(today);
    int n = 0;
    for (int round = 0; round < 100; round++) {
        int64_t id = 0;
        db_status st = DB_EXEC(c, Q_CH_DUE, db_cb_int, &id, db_text(today));
        if (st != DB_OK || !id) break;
        if (kz_kind_system_transition(&kz_kind_challenge, c, id, "expire") != KZ_OK) break;
        n++;
    }
    return n;
}
