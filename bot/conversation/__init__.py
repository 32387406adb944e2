"""
A conversation with a person: parse the text, fill gaps from the thread or ask, dispatch to a
command, reply, record.
"""
