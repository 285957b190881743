#include "store_cli.hpp"

#include <ctime>
#include <iomanip>
#include <sstream>

#include "platform/data_folder.hpp"
#include "platform/paths.hpp"

namespace cw::cli {

std::unique_ptr<Store> open_store() {
    auto dir = data_dir();
    secure_data_dir(dir);
    return std::make_unique<Store>(database_path(dir));
}

int guarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const ProtocolError& e) {
        if (e.code() == ErrorCode::bad_request)
            throw UsageError(e.what());
        throw std::runtime_error(e.what());
    }
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width;
    for (auto& row : rows) {
        if (width.size() < row.size())
            width.resize(row.size(), 0);
        for (std::size_t i = 0; i < row.size(); ++i)
            width[i] = std::max(width[i], row[i].size());
    }
    for (auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line += std::string(width[i] - row[i].size() + 2, ' ');
        }
        out << line << "\n";
    }
}

std::string format_time(std::int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::ostringstream s;
    s << std::put_time(&tm, "%Y-%m-%d %H:%M:%S");
    return s.str();
}

std::int64_t parse_when(const std::string& text, std::int64_t now) {
    auto bad = [&] {
        return UsageError("--since '" + text +
                          "' is not a time: use 2026-11-27, 2026-11-27T14:00[:00][Z], or an age "
                          "such as 90s, 15m, 2h, 7d");
    };
    if (text.size() >= 2 && std::isdigit(static_cast<unsigned char>(text[0]))) {
        char unit = text.back();
        std::int64_t scale = unit == 's'   ? 1
                             : unit == 'm' ? 60
                             : unit == 'h' ? 3600
                             : unit == 'd' ? 86400
                                           : 0;
        if (scale != 0) {
            std::string digits = text.substr(0, text.size() - 1);
            if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9)
                throw bad();
            return now - std::stoll(digits) * scale * 1000;
        }
    }
    std::tm tm{};
    bool utc = !text.empty() && text.back() == 'Z';
    std::string body = utc ? text.substr(0, text.size() - 1) : text;
    std::istringstream in(body);
    if (body.size() == 10) {
        in >> std::get_time(&tm, "%Y-%m-%d");
    } else if (body.size() == 16) {
        in >> std::get_time(&tm, "%Y-%m-%dT%H:%M");
    } else if (body.size() == 19) {
        in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
    } else {
        throw bad();
    }
    if (in.fail())
        throw bad();
    tm.tm_isdst = -1;
    std::time_t t = utc ? timegm(&tm) : std::mktime(&tm);
    if (t == -1)
        throw bad();
    return static_cast<std::int64_t>(t) * 1000;
}

}  // namespace cw::cli
