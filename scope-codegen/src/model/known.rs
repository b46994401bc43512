//! Names for the operations that Atlassian's published documents leave without an
//! operationId, so that a client generated from the document as downloaded has readable
//! method names and no warning for each. They apply only to the document they were chosen for
//! (by its title), only where it still has no operationId, and a rename in the configuration
//! wins over them.

/// Atlassian's Organizations document ("API for Atlassian Access"): pointer → operationId,
/// each after the summary Atlassian gives the operation.
const ORGANIZATIONS: &[(&str, &str)] = &[
    (
        "/paths/~1v1~1orgs~1{orgId}~1directory~1users~1{accountId}~1last-active-dates/get",
        "getUserLastActiveDates",
    ),
    (
        "/paths/~1v1~1orgs~1{orgId}~1users~1{userId}~1role-assignments~1assign/post",
        "assignUserRoleAssignments",
    ),
    (
        "/paths/~1v1~1orgs~1{orgId}~1users~1{userId}~1role-assignments~1revoke/post",
        "revokeUserRoleAssignments",
    ),
    (
        "/paths/~1v2~1orgs~1{orgId}~1directories~1{directoryId}~1groups/post",
        "createGroup",
    ),
    (
        "/paths/~1v2~1orgs~1{orgId}~1directories~1{directoryId}~1groups~1{groupId}/delete",
        "deleteGroup",
    ),
    (
        "/paths/~1v2~1orgs~1{orgId}~1directories~1{directoryId}~1groups~1{groupId}~1memberships/post",
        "addGroupMember",
    ),
    (
        "/paths/~1v2~1orgs~1{orgId}~1directories~1{directoryId}~1groups~1{groupId}~1memberships~1{accountId}/delete",
        "removeGroupMember",
    ),
    (
        "/paths/~1v2~1orgs~1{orgId}~1directories~1{directoryId}~1groups~1{groupId}~1role-assignments~1assign/post",
        "assignGroupRoleAssignments",
    ),
    (
        "/paths/~1v2~1orgs~1{orgId}~1directories~1{directoryId}~1groups~1{groupId}~1role-assignments~1revoke/post",
        "revokeGroupRoleAssignments",
    ),
    (
        "/paths/~1v2~1orgs~1{orgId}~1directories~1{directoryId}~1users~1{accountId}/delete",
        "removeDirectoryUser",
    ),
    (
        "/paths/~1v2~1orgs~1{orgId}~1directories~1{directoryId}~1users~1{accountId}~1restore/post",
        "restoreDirectoryUser",
    ),
    (
        "/paths/~1v2~1orgs~1{orgId}~1directories~1{directoryId}~1users~1{accountId}~1suspend/post",
        "suspendDirectoryUser",
    ),
    (
        "/paths/~1v2~1orgs~1{orgId}~1users~1invite/post",
        "inviteUser",
    ),
];

/// The name carried for the unnamed operation at `pointer` of a document titled `title`.
pub fn name(title: &str, pointer: &str) -> Option<&'static str> {
    let names = match title {
        "API for Atlassian Access" => ORGANIZATIONS,
        _ => return None,
    };
    names
        .iter()
        .find(|(at, _)| *at == pointer)
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_apply_to_their_own_document_only() {
        let pointer = "/paths/~1v2~1orgs~1{orgId}~1users~1invite/post";
        assert_eq!(
            name("API for Atlassian Access", pointer),
            Some("inviteUser")
        );
        assert_eq!(name("Some other API", pointer), None);
        assert_eq!(
            name("API for Atlassian Access", "/paths/~1v1~1orgs/get"),
            None
        );
    }
}
