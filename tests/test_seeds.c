/* test_seeds.c: tally code on ../shared/seeds: every doc date and title as the
 * gold files say. Skips, saying so, when ../shared is absent. */
#include "tally.h"
#include "test.h"

#include <stdlib.h>

void test_seeds(void) {
    FILE *probe = fopen("../shared/gold/000_6ae2a4d5fb8452b8.json", "r");
    if (!probe) {
        test_skip("../shared is absent: seed dates not checked");
        return;
    }
    fclose(probe);
    char cmd[512], *out;
    snprintf(cmd, sizeof cmd,
             "%s code ../shared/seeds | python3 -c '"
             "import json,sys,os\n"
             "bad=0\n"
             "for l in sys.stdin:\n"
             "  d=json.loads(l)[\"doc\"]\n"
             "  g=json.load(open(\"../shared/gold/\"+d[\"id\"]+\".json\"))\n"
             "  ok=d[\"date\"]==g[\"doc_date\"] and bool(d[\"title\"])\n"
             "  bad+=not ok\n"
             "  print(d[\"id\"], d[\"date\"], g[\"doc_date\"], \"ok\" if ok else \"WRONG\")\n"
             "print(\"bad\", bad)'",
             test_tally_bin());
    int st = test_run(cmd, &out, NULL);
    CHECK_INT_EQ(st, 0);
    CHECK(strstr(out, "bad 0") != NULL);
    if (!strstr(out, "bad 0"))
        fprintf(stderr, "%s", out);
    int n = 0;
    for (char *p = out; (p = strstr(p, " ok\n")); p++)
        n++;
    CHECK_INT_EQ(n, 5);
    free(out);
}
