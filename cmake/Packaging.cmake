# System-wide install layout and the Debian package (`cpack -G DEB` in a build folder):
#   /usr/lib/cookie-warden/cookie-warden-host     the host (install rule in host/CMakeLists.txt)
#   /usr/bin/cookie-warden                        the command-line tool
#   /usr/share/cookie-warden/manifests/           the shipped site manifests (also compiled in)
#   /etc/cookie-warden/manifests/                 the admin's own site manifests
#   host manifests in the browsers' system folders (Chrome, Chromium, Edge, Firefox)
# A per-user `cmake --install --prefix ~/.local` writes no system folder; installers/install.sh
# is the per-user way.

option(CW_SYSTEM_HOST_MANIFESTS
       "On install to a system prefix (/usr, /usr/local, /opt/...), write host manifests into the browsers' system folders"
       ON)

set(CW_PACKAGE_NAME cookie-warden)
set(CW_HOST_NAME dk.cookiewarden.host)

file(GLOB CW_SHIPPED_SITE_MANIFESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/host/manifests/*.json)
if(CW_SHIPPED_SITE_MANIFESTS)
    install(FILES ${CW_SHIPPED_SITE_MANIFESTS} DESTINATION share/cookie-warden/manifests)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/schema/host-manifest.schema.json DESTINATION share/cookie-warden/schema)

# Debian wants the copyright file and a compressed changelog beside every package.
set(CW_DOC_DIR share/doc/${CW_PACKAGE_NAME})
string(TIMESTAMP CW_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)  # honours SOURCE_DATE_EPOCH
configure_file(${PROJECT_SOURCE_DIR}/installers/debian/changelog.in ${CMAKE_BINARY_DIR}/packaging/changelog @ONLY)
find_program(CW_GZIP gzip REQUIRED)
add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/packaging/changelog.gz
    COMMAND ${CW_GZIP} -9 -n -c ${CMAKE_BINARY_DIR}/packaging/changelog > ${CMAKE_BINARY_DIR}/packaging/changelog.gz
    DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog
    VERBATIM)
add_custom_command(
    OUTPUT ${CMAKE_BINARY_DIR}/packaging/cookie-warden.1.gz
    COMMAND ${CW_GZIP} -9 -n -c ${PROJECT_SOURCE_DIR}/installers/debian/cookie-warden.1 > ${CMAKE_BINARY_DIR}/packaging/cookie-warden.1.gz
    DEPENDS ${PROJECT_SOURCE_DIR}/installers/debian/cookie-warden.1
    VERBATIM)
add_custom_target(cw-package-docs ALL DEPENDS ${CMAKE_BINARY_DIR}/packaging/changelog.gz
                                              ${CMAKE_BINARY_DIR}/packaging/cookie-warden.1.gz)
install(FILES ${CMAKE_BINARY_DIR}/packaging/cookie-warden.1.gz DESTINATION share/man/man1)
install(FILES ${PROJECT_SOURCE_DIR}/installers/debian/copyright ${CMAKE_BINARY_DIR}/packaging/changelog.gz
        DESTINATION ${CW_DOC_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/installers/debian/lintian-overrides
        DESTINATION share/lintian/overrides RENAME ${CW_PACKAGE_NAME})

# Host manifests for the browsers' system folders. Written at install time, because only then
# is the final prefix known (cpack installs with /usr, `cmake --install` with the chosen one).
# Absolute destinations honour DESTDIR, which cpack sets to its staging folder.
set(CW_MANIFEST_STAGING ${CMAKE_BINARY_DIR}/packaging/host-manifests)
install(CODE "
set(cw_enabled \"${CW_SYSTEM_HOST_MANIFESTS}\")
set(cw_prefix \"\${CMAKE_INSTALL_PREFIX}\")
set(cw_system_prefix FALSE)
foreach(p /usr /usr/local /opt/)
    string(FIND \"\${cw_prefix}/\" \"\${p}\" cw_at)
    if(cw_at EQUAL 0)
        set(cw_system_prefix TRUE)
    endif()
endforeach()
if(NOT cw_enabled OR NOT cw_system_prefix)
    message(STATUS \"Host manifests for the browsers' system folders skipped (prefix \${cw_prefix}); use installers/install.sh per user\")
    return()
endif()
set(cw_host \"\${cw_prefix}/lib/cookie-warden/cookie-warden-host\")
set(cw_common \"  \\\"name\\\": \\\"${CW_HOST_NAME}\\\",\\n  \\\"description\\\": \\\"Cookie Warden: classifies cookies and applies your choices\\\",\\n  \\\"path\\\": \\\"\${cw_host}\\\",\\n  \\\"type\\\": \\\"stdio\\\",\\n\")
file(WRITE \"${CW_MANIFEST_STAGING}/chromium/${CW_HOST_NAME}.json\"
     \"{\\n\${cw_common}  \\\"allowed_origins\\\": [\\\"chrome-extension://jjnjmppplncaaifkjlbbjnehaemmebmg/\\\"]\\n}\\n\")
file(WRITE \"${CW_MANIFEST_STAGING}/firefox/${CW_HOST_NAME}.json\"
     \"{\\n\${cw_common}  \\\"allowed_extensions\\\": [\\\"cookie-warden@cookiewarden.dk\\\"]\\n}\\n\")
foreach(dir /etc/opt/chrome/native-messaging-hosts /etc/chromium/native-messaging-hosts /etc/opt/edge/native-messaging-hosts)
    file(INSTALL \"${CW_MANIFEST_STAGING}/chromium/${CW_HOST_NAME}.json\" DESTINATION \"\${dir}\"
         FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()
file(INSTALL \"${CW_MANIFEST_STAGING}/firefox/${CW_HOST_NAME}.json\" DESTINATION /usr/lib/mozilla/native-messaging-hosts
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(MAKE_DIRECTORY \"\$ENV{DESTDIR}/etc/cookie-warden/manifests\")
")

set(CPACK_PACKAGE_NAME ${CW_PACKAGE_NAME})
set(CPACK_PACKAGE_VENDOR "Cookie Warden")
set(CPACK_PACKAGE_CONTACT "Cookie Warden maintainers <maintainers@cookiewarden.dk>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "cookie manager for citizens: native host and command-line tool")
set(CPACK_PACKAGE_DESCRIPTION
    "Cookie Warden works with its browser extension in Chrome, Chromium, Edge,
Brave and Firefox. The native host classifies every cookie a site sets by
purpose, from the site's published cookie policy or a catalogue of well-known
cookies, and applies the user's choices per site. Decisions are logged
locally; cookie values are never stored or logged. This package holds the
host, the cookie-warden command-line tool and the host manifests for the
browsers' system folders.")
# DESTDIR staging keeps the absolute /etc and /usr/lib/mozilla destinations inside the package.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "chromium | firefox-esr | firefox")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/installers/debian/conffiles)
include(CPack)
