<psc:chapters xmlns:psc="http://podlove.org/simple-chapters" version="1.2">
  <psc:chapter start="00:00:00.000" title="Introduction"/>
  <psc:chapter start="00:01:58.000" title="Natalie’s background"/>
  <psc:chapter start="00:03:19.000" title="Airbyte"/>
  <psc:chapter start="00:03:46.000" title="What is ETL?"/>
  <psc:chapter start="00:07:57.000" title="Why ELT instead of ETL?"/>
  <psc:chapter start="00:10:00.000" title="Transformations"/>
  <psc:chapter start="00:12:39.000" title="How does ELT help analysts be more independent?"/>
  <psc:chapter start="00:15:30.000" title="Data marts and Data warehouses"/>
  <psc:chapter start="00:17:55.000" title="Ingestion DB"/>
  <psc:chapter start="00:18:47.000" title="ETL vs ELT"/>
  <psc:chapter start="00:19:50.000" title="Data lakes"/>
  <psc:chapter start="00:21:22.000" title="Data swamps"/>
  <psc:chapter start="00:22:21.000" title="Data governance"/>
  <psc:chapter start="00:24:24.000" title="Ingestion layer vs Data lake"/>
  <psc:chapter start="00:27:39.000" title="Do you need both a Data warehouse and a Data lake?"/>
  <psc:chapter start="00:31:31.000" title="Airbyte and ELT"/>
  <psc:chapter start="00:33:45.000" title="Modern data stack"/>
  <psc:chapter start="00:35:42.000" title="Reverse ETL"/>
  <psc:chapter start="00:39:06.000" title="Is drag-and-drop killing data engineering jobs?"/>
  <psc:chapter start="00:41:30.000" title="Are there cases where ETL is preferable over ELT?"/>
  <psc:chapter start="00:43:02.000" title="Who is responsible for managing unused data?"/>
  <psc:chapter start="00:43:45.000" title="Why is Airbyte open source?"/>
  <psc:chapter start="00:45:59.000" title="CDC – Change Data Capture"/>
  <psc:chapter start="00:48:26.000" title="The case of Elasticsearch and AWS"/>
  <psc:chapter start="00:48:58.000" title="Slowly changing dimension"/>
  <psc:chapter start="01:00:42.000" title="Conclusion"/>
</psc:chapters>
