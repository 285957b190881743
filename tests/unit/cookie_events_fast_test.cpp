// The fast path of cookie.changed against the general path: for every request, taken or not,
// both must give the same reply and log the same row. A table of the shapes browsers send and
// of ones that must be declined, then every one-character mutation of a typical request.

#include <gtest/gtest.h>

#include "store/store_service.hpp"
#include "verbs/cookie_events.hpp"
#include "wire/dispatcher.hpp"
#include "wire/reply.hpp"

namespace cw {
namespace {

// Every fact the request carries shows in the verdict, so a field misread by either path
// changes the reply. The vendor and the detail need escaping in JSON.
Classification echo(std::string_view site, const CookieFacts& c) {
    Classification out;
    out.category = static_cast<Category>(c.name.size() % 6);
    out.source = static_cast<Source>(c.domain.size() % 4);
    if (c.name == "plain")
        return out;  // no vendor: the key is left out
    json facts{site,    c.name,  c.domain, c.path,  nullptr, nullptr,
               nullptr, nullptr, nullptr,  nullptr, nullptr};
    if (c.session)
        facts[4] = *c.session;
    if (c.expiration_date)
        facts[5] = *c.expiration_date;
    if (c.http_only)
        facts[6] = *c.http_only;
    if (c.secure)
        facts[7] = *c.secure;
    if (c.same_site)
        facts[8] = *c.same_site;
    if (c.host_only)
        facts[9] = *c.host_only;
    if (c.partition_top_level_site)
        facts[10] = *c.partition_top_level_site;
    out.vendor = facts.dump() + " \"Gr\xc3\xbcn\"\n\x01\\";
    // What matched (issue 18), with the characters JSON escapes: both paths write it alike.
    out.detail = "name \"" + std::string(c.name) + "\"\t/" + std::string(c.path) + "\x02";
    return out;
}

std::string text_of(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

class FastPath : public ::testing::Test {
  protected:
    FastPath() { register_cookie_events(dispatcher, service, echo); }

    // The newest log row without its id and time, or null when nothing new was logged.
    json newest_row() {
        LogQuery q;
        q.limit = 1;
        auto rows = service.require().query(q);
        if (rows.empty() || rows[0].id == last_id)
            return nullptr;
        last_id = rows[0].id;
        json row = to_json(rows[0]);
        row.erase("id");
        row.erase("time");
        return row;
    }

    // Serves `payload` both ways; returns whether the fast path took it.
    bool same_both_ways(const std::string& payload) {
        service.repeat_window_ms = 0;  // the same event, served three ways: a row each time
        PendingReply probe;
        bool taken = serve_cookie_changed_fast(payload, probe, service, echo);
        json probe_row = newest_row();
        if (!taken) {
            EXPECT_TRUE(probe.text.empty()) << "a declined request left a reply";
            EXPECT_TRUE(probe_row.is_null()) << "a declined request logged a row";
        }
        PendingReply fast = dispatcher.serve_frame(payload);
        json fast_row = newest_row();
        std::string general = text_of(dispatcher.handle_frame(payload));
        json general_row = newest_row();
        EXPECT_EQ(json::parse(fast.text), json::parse(general)) << payload;
        EXPECT_EQ(fast_row, general_row) << payload;
        if (taken) {
            EXPECT_EQ(fast.text, general) << payload;
            EXPECT_EQ(probe.text, general) << payload;
            EXPECT_EQ(probe_row, general_row) << payload;
            EXPECT_EQ(fast.claims_logged(), json::parse(general).value("logged", false));
        }
        if (++served % 200 == 0)
            service.end_batch();
        return taken;
    }

    StoreService service{":memory:"};
    Dispatcher dispatcher;
    std::int64_t last_id = 0;
    int served = 0;
};

const std::string kTypical =
    R"({"id":17,"type":"cookie.changed","event":{"cookie":{"name":"_ga","value":"GA1.2.3-x",)"
    R"("domain":".kk.dk","path":"/","session":false,"expirationDate":1900000000.5,)"
    R"("secure":true,"httpOnly":false,"sameSite":"lax","hostOnly":false,"storeId":"0"},)"
    R"("removed":false,"cause":"explicit","site":"www.kk.dk","tabId":3}})";

struct Case {
    std::string label;
    std::string payload;
    bool taken;
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.label;
}

class Shapes : public FastPath, public ::testing::WithParamInterface<Case> {};

TEST_P(Shapes, AnswerAsTheGeneralPathDoes) {
    EXPECT_EQ(same_both_ways(GetParam().payload), GetParam().taken);
}

std::string with(std::string_view from, std::string_view to) {
    std::string s = kTypical;
    auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
}

INSTANTIATE_TEST_SUITE_P(
    CookieChanged, Shapes,
    ::testing::Values(
        Case{"Typical", kTypical, true},
        Case{"StringId", with(R"("id":17)", R"("id":"req-17/a")"), true},
        Case{"NegativeId", with(R"("id":17)", R"("id":-4)"), true},
        Case{"IdLast",
             R"({"type":"cookie.changed","event":{"cookie":{"name":"a","domain":"b.dk"}},"id":9})",
             true},
        Case{"Spaces",
             " { \"id\" : 1 ,\n\"type\":\t\"cookie.changed\" , \"event\" : { \"cookie\" : "
             "{ \"name\" : \"a\" , \"domain\" : \"b.dk\" } } } \r\n",
             true},
        Case{
            "Minimal",
            R"({"id":1,"type":"cookie.changed","event":{"cookie":{"name":"plain","domain":"x.dk"}}})",
            true},
        Case{"Removed", with(R"("removed":false)", R"("removed":true)"), true},
        Case{"NullsEverywhere",
             R"({"id":1,"type":"cookie.changed","event":{"cookie":{"name":"n","domain":"d.dk",)"
             R"("path":null,"session":null,"expirationDate":null,"httpOnly":null,"secure":null,)"
             R"("sameSite":null,"hostOnly":null,"partitionKey":null,"storeId":null},)"
             R"("removed":null,"cause":null,"site":null,"tabId":null}})",
             true},
        Case{"Partitioned",
             with(R"("storeId":"0")",
                  R"("storeId":"0","partitionKey":{"topLevelSite":"https://a.dk"})"),
             true},
        Case{"PartitionedUnknownSite", with(R"("storeId":"0")", R"("partitionKey":{"x":[1]})"),
             true},
        Case{"ValueWithEscapes", with(R"("GA1.2.3-x")", R"("a\"b\\c\/d\n\t\b\f\r")"), true},
        Case{"ExtraMembers",
             with(R"("tabId":3)", R"("tabId":3,"frameId":[{"a":[true,false,null,-0.5e-3]},[]])"),
             true},
        Case{"IntegerExpiry", with("1900000000.5", "1900000000"), true},
        Case{"ExponentExpiry", with("1900000000.5", "1.9E+9"), true},
        Case{"NegativeZeroExpiry", with("1900000000.5", "-0"), true},
        Case{"EmptySiteUsesDomain", with(R"("site":"www.kk.dk")", R"("site":"")"), true},
        Case{
            "Batch",
            R"({"id":1,"type":"cookie.changed","events":[{"cookie":{"name":"a","domain":"b.dk"}}]})",
            false},
        Case{"EventAndEvents", with(R"("event":)", R"("events":null,"event":)"), false},
        Case{"OtherVerb", with("cookie.changed", "hello"), false},
        Case{"DuplicateName", with(R"("name":"_ga")", R"("name":"_ga","name":"x")"), false},
        Case{"DuplicateId", with(R"("id":17)", R"("id":17,"id":18)"), false},
        Case{"EscapedName", with(R"("name":"_ga")", R"("name":"_g\u0061")"), false},
        Case{"NonAsciiName", with(R"("name":"_ga")", "\"name\":\"k\xc3\xa6ks\""), false},
        Case{"BadUtf8Value", with(R"("GA1.2.3-x")", "\"\xff\""), false},
        Case{"UnicodeEscapeInValue", with(R"("GA1.2.3-x")", R"("\ud800")"), false},
        Case{"HugeNumberInValue", with(R"("GA1.2.3-x")", "1e999"), false},
        Case{"FloatId", with(R"("id":17)", R"("id":17.0)"), false},
        Case{"LongId", with(R"("id":17)", R"("id":12345678901234567890)"), false},
        Case{"ObjectId", with(R"("id":17)", R"("id":{})"), false},
        Case{"UnterminatedId", R"({"id":"1})", false}, Case{"NoId", with(R"("id":17,)", ""), false},
        Case{"NameNumber", with(R"("name":"_ga")", R"("name":5)"), false},
        Case{"NoDomain", with(R"("domain":".kk.dk",)", ""), false},
        Case{"EmptyDomain", with(R"("domain":".kk.dk")", R"("domain":"")"), false},
        Case{"StringSession", with(R"("session":false)", R"("session":"no")"), false},
        Case{"FloatTab", with(R"("tabId":3)", R"("tabId":3.5)"), false},
        Case{"StringExpiry", with("1900000000.5", "\"soon\""), false},
        Case{"EventNull", R"({"id":1,"type":"cookie.changed","event":null})", false},
        Case{"TrailingGarbage", kTypical + "x", false},
        Case{"TwoDocuments", kTypical + "{}", false},
        Case{"LeadingZero", with(R"("tabId":3)", R"("tabId":03)"), false},
        Case{"Truncated", kTypical.substr(0, kTypical.size() - 1), false},
        Case{"Deep", with(R"("tabId":3)", R"("x":)" + std::string(80, '[') + std::string(80, ']')),
             false},
        Case{"Bom", "\xef\xbb\xbf" + kTypical, false},
        Case{"LongName", with(R"("name":"_ga")", "\"name\":\"" + std::string(5000, 'a') + "\""),
             false}));

TEST_F(FastPath, EveryOneCharacterMutationAnswersAsTheGeneralPath) {
    const std::string alphabet = "\"\\,:{}[]0-e. ntx\x01\xc3";
    int taken = 0, declined = 0;
    for (std::size_t at = 0; at <= kTypical.size(); ++at) {
        for (char c : alphabet) {
            std::string inserted = kTypical;
            inserted.insert(at, 1, c);
            (same_both_ways(inserted) ? taken : declined)++;
            if (at < kTypical.size()) {
                std::string replaced = kTypical;
                replaced[at] = c;
                (same_both_ways(replaced) ? taken : declined)++;
            }
        }
        if (at < kTypical.size()) {
            std::string removed = kTypical;
            removed.erase(at, 1);
            (same_both_ways(removed) ? taken : declined)++;
        }
        if (HasFailure())
            return;
    }
    // Both kinds are exercised in numbers: the comparison above is not vacuous.
    EXPECT_GT(taken, 500);
    EXPECT_GT(declined, 2000);
}

}  // namespace
}  // namespace cw
