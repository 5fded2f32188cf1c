"""`timeline-kg draft`: raw article text to a draft annotated source that a reviewer only has to check.

One module per concern: :mod:`article` reads the text and its header, :mod:`pipeline` loads spaCy once,
:mod:`timexes` finds temporal expressions and :mod:`calendar` resolves them to EDTF against the publication date
with the verb's tense from :mod:`tense`, :mod:`entities` recognises and links people, countries, organisations,
places and offices to :mod:`known` entities, :mod:`events` proposes events, and :mod:`assemble` writes the draft
with a review marker on every fact. :mod:`drafter` ties them together.
"""
