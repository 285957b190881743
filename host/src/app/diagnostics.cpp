#include "app/diagnostics.hpp"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <vector>

namespace cw {

void init_diagnostics(const std::string& program,
                      const std::optional<std::filesystem::path>& log_dir) {
    std::vector<spdlog::sink_ptr> sinks;
    sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
    std::string file_error;
    if (log_dir) {
        try {
            auto path = *log_dir / (program + ".log");
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path.string(),
                                                                                   1024 * 1024, 3));
        } catch (const std::exception& e) {
            file_error = e.what();
        }
    }
    auto logger = std::make_shared<spdlog::logger>(program, sinks.begin(), sinks.end());
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %n[%P] %l: %v");
    const char* level = std::getenv("COOKIE_WARDEN_LOG");
    logger->set_level(level ? spdlog::level::from_str(level) : spdlog::level::info);
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    if (!file_error.empty())
        spdlog::warn("no log file: {}", file_error);
}

}  // namespace cw
