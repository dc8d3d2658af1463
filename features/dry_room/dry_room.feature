Feature: Dry room DR-1: dew-point alarms, quality hold and airlock interlock (S7-1500)
  The filling sub-zone is specified at -50 °C dew point. Above -45 °C the dry room warns; above -40 °C
  for more than 60 s it holds quality (the fill permit to the filling station drops), latched until
  reset with the room dry again. A failed dew-point transmitter holds at once. The airlock never has
  both doors open, except on a fire alarm.

  Background: the dry room is in operation at -50 °C dew point
    Given DryRoom.Cmd.Run is set to on
    And DryRoom.FillPermit is on within 100 ms
    And DryRoom.Dew.Value is -50 °C ± 0.5 °C within 100 ms

  @requirement(DRY-P1)
  Scenario: A dew point above -40 °C for more than 60 s puts the fill zone on quality hold
    When dr1.dew_point_c is stuck at -38 °C
    Then DryRoom.Dew.Warn is on within 100 ms
    And DryRoom.FillPermit stays on for 59 s
    And DryRoom.FillPermit is off within 1100 ms
    And DryRoom.Alarm.QualityHold is on

  @requirement(DRY-P1)
  Scenario: A dew point just below -40 °C only warns
    When dr1.dew_point_c is stuck at -41 °C
    Then DryRoom.Dew.Warn is on within 100 ms
    And DryRoom.FillPermit stays on for 65 s
    When the fault on dr1.dew_point_c is cleared
    Then DryRoom.Dew.Warn is off within 100 ms

  @requirement(DRY-P1)
  Scenario: The quality hold latches and is reset only once the room is dry again
    When dr1.dew_point_c is stuck at -30 °C
    Then DryRoom.Alarm.QualityHold is on within 61 s
    When DryRoom.Cmd.Reset is pulsed for 100 ms
    Then DryRoom.Alarm.QualityHold stays on for 2 s
    When the fault on dr1.dew_point_c is cleared
    Then DryRoom.FillPermit stays off for 5 s
    When DryRoom.Cmd.Reset is pulsed for 100 ms
    Then DryRoom.FillPermit is on within 100 ms

  @requirement(DRY-P1)
  Scenario: A broken dew-point transmitter wire holds the fill zone at once (NE43)
    When the dr1.dew_point_c wire breaks
    Then DryRoom.FillPermit is off within 100 ms
    And DryRoom.Dew.SensorFault is on
    And DryRoom.Dew.Warn is on

  @requirement(DRY-S1)
  Scenario: With the outer airlock door open the inner door stays locked
    When DryRoom.ReqA is set to on
    And dr1.door_a_request is set to on
    Then DryRoom.DoorAClosed is off within 200 ms
    And DryRoom.DoorBLock is on
    When DryRoom.ReqA is set to off
    And DryRoom.ReqB is set to on
    And dr1.door_b_request is set to on
    Then DryRoom.DoorBClosed stays on for 2 s
    When dr1.door_a_request is set to off
    Then DryRoom.DoorBClosed is off within 200 ms
    And DryRoom.DoorALock is on

  @requirement(DRY-S1)
  Scenario Outline: A door reported open keeps the other airlock door locked
    When dr1.door_<other>_closed is stuck at off
    And DryRoom.Req<door> is set to on
    And dr1.door_<own>_request is set to on
    Then DryRoom.Door<door>Closed stays on for 2 s
    And DryRoom.Door<door>Lock is on
    When the fault on dr1.door_<other>_closed is cleared
    Then DryRoom.Door<door>Closed is off within 200 ms

    Examples:
      | door | own | other |
      | A    | a   | b     |
      | B    | b   | a     |

  @requirement(DRY-S1)
  Scenario: The inner door released first keeps the outer door locked
    When DryRoom.ReqB is set to on
    Then DryRoom.DoorBLock is off within 100 ms
    When DryRoom.ReqA is set to on
    And dr1.door_a_request is set to on
    Then DryRoom.DoorAClosed stays on for 2 s
    And DryRoom.DoorALock is on

  @requirement(DRY-S1)
  Scenario: Both airlock doors requested at the same instant: only the outer one opens
    When DryRoom.ReqA is set to on
    And DryRoom.ReqB is set to on
    And dr1.door_a_request is set to on
    And dr1.door_b_request is set to on
    Then DryRoom.DoorAClosed is off within 200 ms
    And DryRoom.DoorBClosed stays on for 3 s
    And DryRoom.DoorBLock is on

  @requirement(DRY-S1)
  Scenario: A fire alarm releases both airlock doors for egress
    When DryRoom.FireAlarm is set to on
    Then DryRoom.DoorALock is off within 100 ms
    And DryRoom.DoorBLock is off
    When dr1.door_a_request is set to on
    And dr1.door_b_request is set to on
    Then DryRoom.DoorAClosed is off within 200 ms
    And DryRoom.DoorBClosed is off within 200 ms
