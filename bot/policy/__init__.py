"""Who may do what: the policy file and the one guard every path calls."""
