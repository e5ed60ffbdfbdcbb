<psc:chapters xmlns:psc="http://podlove.org/simple-chapters" version="1.2">
  <psc:chapter start="00:00:00.000" title="Podcast Introduction"/>
  <psc:chapter start="00:01:34.000" title="Episode Overview: Decoding Data Engineering Acronyms"/>
  <psc:chapter start="00:01:58.000" title="Guest Career Journey: From Marketing Ops to Analytics &amp; Growth"/>
  <psc:chapter start="00:03:19.000" title="Airbyte Overview: ELT Focus and Connector Purpose"/>
  <psc:chapter start="00:03:46.000" title="ETL Explained: Extract, Transform, Load (Traditional Model)"/>
  <psc:chapter start="00:06:37.000" title="ETL Use Case: Calculating Customer Acquisition Cost"/>
  <psc:chapter start="00:07:57.000" title="ELT Advantages: Flexibility, Speed, and Analyst Autonomy"/>
  <psc:chapter start="00:10:00.000" title="Transformations in Practice: From Type Casting to Complex SQL Joins"/>
  <psc:chapter start="00:12:39.000" title="Analytics Engineer Emergence: Empowering Analysts with DBT &amp; SQL"/>
  <psc:chapter start="00:15:30.000" title="Data Marts vs. Warehouses: Purpose, Layers, and Consumption"/>
  <psc:chapter start="00:17:55.000" title="Ingestion Layer: Raw Data Storage, Sanity, and Guardrails"/>
  <psc:chapter start="00:18:47.000" title="Bringing Transforms Into the Warehouse: ELT vs Legacy Workflows"/>
  <psc:chapter start="00:19:50.000" title="Data Lakes: Unstructured Storage for Files, Logs, and Media"/>
  <psc:chapter start="00:21:22.000" title="Data Quality: Preventing Data Swamps Through Governance"/>
  <psc:chapter start="00:24:24.000" title="Warehouse Ingestion vs. Data Lake: Trade-offs and Convergence"/>
  <psc:chapter start="00:27:39.000" title="Architecture Decision: When to Maintain a Lake, a Warehouse, or Both"/>
  <psc:chapter start="00:30:59.000" title="Orchestration: Airflow’s Role in Scheduling and Running Pipelines"/>
  <psc:chapter start="00:31:31.000" title="Airbyte’s Role in the Stack: Reliable E-L and DBT Integration"/>
  <psc:chapter start="00:33:45.000" title="Modern Analytics Stack: Best-of-Breed Tools and Typical Components"/>
  <psc:chapter start="00:35:42.000" title="Operational Reverse Data Flows: Pushing Warehouse Tables Back to Sources"/>
  <psc:chapter start="00:39:06.000" title="Low-Code/No-Code Tools: Evolving Data Engineering Roles, Not Replacing Them"/>
  <psc:chapter start="00:42:00.000" title="ETL’s Continued Relevance: Large Enterprises and Complex Staging Needs"/>
  <psc:chapter start="00:43:02.000" title="Managing Unused Data: Team Ownership and Regular Cleanup Practices"/>
  <psc:chapter start="00:45:18.000" title="Open Source Strategy: Why Airbyte Is Open and the Cloud Offering Model"/>
  <psc:chapter start="00:45:59.000" title="CDC Explained: Capturing and Syncing Only Row-Level Changes"/>
  <psc:chapter start="00:48:30.000" title="Open-Source Risks: Competition and Licensing (Elasticsearch Example)"/>
  <psc:chapter start="00:48:58.000" title="Schema Evolution: Handling Slowly Changing Attributes"/>
  <psc:chapter start="00:49:32.000" title="Licensing Considerations: MIT, Cloud Products, and Future Choices"/>
  <psc:chapter start="01:00:42.000" title="Episode Wrap-Up: Final Thoughts, Hiring News, and Contact Information"/>
</psc:chapters>
