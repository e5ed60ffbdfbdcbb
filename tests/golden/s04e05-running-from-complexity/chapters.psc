<psc:chapters xmlns:psc="http://podlove.org/simple-chapters" version="1.2">
  <psc:chapter start="00:00:00.000" title="Introduction"/>
  <psc:chapter start="00:03:14.000" title="Ben’s Background"/>
  <psc:chapter start="00:06:50.000" title="Building solutions for customers"/>
  <psc:chapter start="00:10:35.000" title="Why projects don’t make it to production"/>
  <psc:chapter start="00:13:19.000" title="Why do people choose overcomplicated solutions?"/>
  <psc:chapter start="00:21:39.000" title="The dangers of isolating data science from the business unit"/>
  <psc:chapter start="00:26:04.000" title="The importance of being able to explain things"/>
  <psc:chapter start="00:29:06.000" title="Maximizing chances of making into production"/>
  <psc:chapter start="00:36:13.000" title="The IKEA effect"/>
  <psc:chapter start="00:39:17.000" title="Risks of implementing novel algorithms"/>
  <psc:chapter start="00:44:23.000" title="If it can be done simply – do that first"/>
  <psc:chapter start="00:46:22.000" title="Don’t become the guinea pig for someone’s white paper"/>
  <psc:chapter start="00:49:54.000" title="The importance of stat skills and coding skills"/>
  <psc:chapter start="00:52:14.000" title="Structuring an agile team for ML work"/>
  <psc:chapter start="00:55:41.000" title="Timeboxing research"/>
  <psc:chapter start="00:57:38.000" title="Mentoring"/>
  <psc:chapter start="00:59:13.000" title="Ben’s book"/>
  <psc:chapter start="01:02:27.000" title="‘Uncool techniques’ at AI First companies"/>
  <psc:chapter start="01:04:34.000" title="Should managers learn data science?"/>
  <psc:chapter start="01:07:58.000" title="Do data scientists need to specialize to be successful?"/>
  <psc:chapter start="01:12:51.000" title="How to find Ben online"/>
</psc:chapters>
