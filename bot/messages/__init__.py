"""
What the bot says and to whom: the KO/EN sentence catalog, message builders, the Invocation (who
asked, where to answer) and replies.
"""
