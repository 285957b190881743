#pragma once
// `site.policy` answers kept per top-level site. Building one walks the whole catalogue (about
// 2,250 entries) and the manifests, and a browser asks on every page it opens, mostly for the
// same few sites. An answer depends only on the classifier (manifests and catalogue), the
// settings and the site's rule, so the entries are tagged with what they were built from:
// - the classifier's identity: the host loads manifests once per process, so a new set of
//   manifests means a new classifier, and every entry made with the old one is dropped;
// - the generation of the citizen's choices (StoreService::choices_generation()), which moves
//   whenever settings and rules are reloaded: a change made through this host, one made by
//   another process (the change that is pushed as `rules.changed`), a database reopened.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

namespace cw {

template <typename Answer>
class SitePolicyCache {
  public:
    // An answer is up to about 70 KB of text (the catalogue's names), so this bounds the cache
    // to about 2 MB of the host's 20 MiB memory budget (tests/bench/README.md); the extension
    // keeps its own copy per site, so the host is asked again mostly for the sites of open
    // tabs. A full cache starts afresh.
    static constexpr std::size_t kDefaultCapacity = 32;

    explicit SitePolicyCache(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

    // The answer for `site` made under this classifier and generation of the choices; on a miss
    // calls make() and keeps what it returns (make() may throw: nothing is kept then).
    const Answer& get(const std::string& site, const void* classifier, std::uint64_t generation,
                      const std::function<Answer()>& make) {
        if (classifier != classifier_ || generation != generation_) {
            entries_.clear();
            classifier_ = classifier;
            generation_ = generation;
        }
        if (auto it = entries_.find(site); it != entries_.end())
            return it->second;
        Answer answer = make();
        if (entries_.size() >= capacity_)
            entries_.clear();
        return entries_.emplace(site, std::move(answer)).first->second;
    }

    std::size_t size() const { return entries_.size(); }

  private:
    std::size_t capacity_;
    const void* classifier_ = nullptr;
    std::uint64_t generation_ = 0;
    std::unordered_map<std::string, Answer> entries_;
};

}  // namespace cw
