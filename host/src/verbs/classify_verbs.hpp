#pragma once
// The verbs `classify` (a batch of cookies on one top-level site; results in request order)
// and `manifests.list` (the manifests in use and the ones skipped).

#include <memory>

#include "classify/classifier.hpp"
#include "wire/dispatcher.hpp"

namespace cw {

// Most cookies in one `classify` request: keeps the reply under the 1 MiB frame limit.
inline constexpr std::size_t kMaxClassifyBatch = 1000;

void register_classify_verbs(Dispatcher& dispatcher, std::shared_ptr<const Classifier> classifier);

// The `manifests.list` result: {manifests: [...], problems: [...]}. Shared with the CLI.
json manifests_listing(const Classifier& classifier);

}  // namespace cw
