"""The Architectures page's sections (``architectures.py`` is the page).

- :mod:`.audit`: the parameter audit;
- :mod:`.sequence_inputs`: the input settings and the in/out description of sequence and text models.
"""
