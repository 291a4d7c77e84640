"""The Sequences page's tabs (the entry point is ``app_pages/sequences.py``, a file name links use).

- :mod:`.texts`: option names, figure texts and table headers in the user's language;
- :mod:`.seq2seq`: train a seq2seq live, decode greedy vs beam, alignments;
- :mod:`.length`: accuracy by source length, with and without attention (or reversal);
- :mod:`.gates`: LSTM/GRU gate traces of the trained encoder (or a random LSTM);
- :mod:`.embeddings`: word2vec (skip-gram, CBOW) and fastText trained on a corpus, with
  :mod:`.embedding_queries`: neighbours, analogies, the vocabulary on a plane;
- :mod:`.text_classification`: a text CNN or a stacked RNN trained on generated sentences, with
  :mod:`.text_classification_view`: accuracy curves, the embedding, a typed sentence classified;
- :mod:`.gradients`: the vanishing gradient of a vanilla RNN against LSTM and GRU.

Each tab module has ``render()`` and ``KEYS`` (its settings, written to the link by the page).
"""
